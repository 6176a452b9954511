import { z } from 'zod';
import { PrivateText } from '../../confidentiality/private-text.js';
import {
  maxAnswerLength,
  noOpenPromptReply,
  plainAnswerSavedReply,
} from '../../messages/compose/reflection-replies.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, resolveActor } from '../actor.js';
import {
  firstTime,
  limitedText,
  lockClientEngagement,
  parseInput,
  requestKeySchema,
  requireWritable,
} from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import { saveAnswer } from './answer-store.js';

export const answerFromPlainMessageInput = z.object({
  actor: actorSchema,
  text: limitedText('Your message', maxAnswerLength),
  /** The platform's id of the DM message (Slack event id / ts, Teams activity id): retries change nothing. */
  requestKey: requestKeySchema.optional(),
});
export type AnswerFromPlainMessageInput = z.input<typeof answerFromPlainMessageInput>;

export const dmNoticeAction = 'dm_history_notice_given';

/**
 * The client typed a plain message in their DM with Triad. It becomes the answer to the open reflection
 * question (or is added to an answer already given this cycle). The first time, the client is told once that
 * typed DM messages also live in the platform's history, unlike answers given with the button; an audit entry
 * records that the notice was given, so it is never repeated.
 */
export async function answerFromPlainMessage(raw: AnswerFromPlainMessageInput, deps: CoreDeps) {
  const input = parseInput(answerFromPlainMessageInput, raw);
  const text = PrivateText.of(input.text);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    const engagement = await lockClientEngagement(repos, resolved, undefined, 'answer_reflection');
    requireWritable(engagement);
    const now = deps.clock.now();
    const prompts = await repos.prompts.listByEngagement(engagement.id);
    const latest = prompts.at(-1);
    if (!latest || latest.status === 'expired') {
      return { saved: false, reply: await unit.reply(noOpenPromptReply(engagement.id, engagement.clientId)) };
    }
    if (input.requestKey && !(await firstTime(repos, `reflection-dm:${input.requestKey}`, now, {}))) {
      const entry = await repos.entries.findBySubject(engagement.id, 'reflection_answer', latest.id);
      const reply = plainAnswerSavedReply(latest, engagement.clientId, {
        appended: false,
        entryId: entry?.id ?? '',
        hasCoach: engagement.coachId !== null,
        notice: false,
      });
      return { saved: false, reply: await unit.reply(reply) };
    }
    const saved = await saveAnswer(unit, deps, engagement, latest, text, 'append');
    const audit = await repos.audit.listByEngagement(engagement.id);
    const notice = !audit.some((entry) => entry.action === dmNoticeAction);
    if (notice) {
      await unit.audit({
        engagementId: engagement.id,
        actorId: engagement.clientId,
        action: dmNoticeAction,
        details: {},
      });
    }
    const reply = plainAnswerSavedReply(latest, engagement.clientId, {
      appended: saved.edited,
      entryId: saved.entry.id,
      hasCoach: engagement.coachId !== null,
      notice,
    });
    return { saved: true, promptId: latest.id, entryId: saved.entry.id, reply: await unit.reply(reply) };
  });
}
