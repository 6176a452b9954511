import { z } from 'zod';
import { rhythmForm, rhythmSavedReply } from '../../messages/compose/prompt-rhythm.js';
import { formatLocal, nextPromptDue } from '../../prompts/prompt-schedule.js';
import { actorSchema } from '../actor.js';
import { idSchema, parseInput } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import { updateEngagement } from '../shared/engagement-update.js';
import { onClientPrompt } from './reflection-access.js';

/** A working day, 1 (Monday) … 5 (Friday), as the form's choice sends it. */
const weekday = z
  .string()
  .trim()
  .regex(/^[1-5]$/, 'Pick a working day, Monday to Friday.')
  .transform(Number);

/** A local time, `HH:mm` (24-hour; `9:30` is read as 09:30). */
const time = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const match = /^(\d{1,2}):(\d{2})$/.exec(value);
    const [hour, minute] = match ? [Number(match[1]), Number(match[2])] : [24, 60];
    if (hour > 23 || minute > 59) {
      ctx.addIssue({ code: 'custom', message: 'Give the time as HH:mm, 24-hour, e.g. 09:30 or 14:00.' });
      return z.NEVER;
    }
    return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  });

export const openRhythmFormInput = z.object({ actor: actorSchema, promptId: idSchema });
export type OpenRhythmFormInput = z.input<typeof openRhythmFormInput>;

/** "Change day/time" on a reflection question: the client's form, pre-set to the current day and time. */
export async function openRhythmForm(raw: OpenRhythmFormInput, deps: CoreDeps) {
  const input = parseInput(openRhythmFormInput, raw);
  return onClientPrompt(deps, input, 'set_prompt_rhythm', async (unit, { prompt, engagement }) => {
    return { form: await unit.reply(rhythmForm(engagement, prompt.id)) };
  });
}

export const setPromptRhythmInput = z.object({
  actor: actorSchema,
  promptId: idSchema,
  weekday,
  time,
});
export type SetPromptRhythmInput = z.input<typeof setPromptRhythmInput>;

/**
 * The client chooses the weekday and local time of their reflection question. HR's default (copied onto the
 * engagement when it starts) applies until they do; the change resyncs the prompt schedule. The same choice
 * again changes nothing.
 */
export async function setPromptRhythm(raw: SetPromptRhythmInput, deps: CoreDeps) {
  const input = parseInput(setPromptRhythmInput, raw);
  return onClientPrompt(deps, input, 'set_prompt_rhythm', async (unit, { engagement }) => {
    const now = deps.clock.now();
    let current = engagement;
    if (engagement.promptWeekday !== input.weekday || engagement.promptTime !== input.time) {
      current = await updateEngagement(
        unit.repos,
        engagement,
        { promptWeekday: input.weekday, promptTime: input.time },
        now,
      );
      await unit.audit({
        engagementId: engagement.id,
        actorId: engagement.clientId,
        action: 'prompt_rhythm_set',
        details: { weekday: input.weekday, time: input.time },
      });
      unit.touch(engagement.id);
    }
    const next = deps.settings.promptIntervalMs
      ? null
      : formatLocal(nextPromptDue(current, now), current.timeZone);
    return { engagement: current, reply: await unit.reply(rhythmSavedReply(current, next)) };
  });
}
