import { describe, expect, it } from 'vitest';
import type { PromptCategory } from '../../../src/engagement/records.js';
import { questionById } from '../../../src/prompts/prompt-bank.js';
import { planEngagement } from '../../../src/scheduling/plan-engagement.js';
import { composeHome } from '../../../src/use-cases/home/compose-home.js';
import { selectCoach } from '../../../src/use-cases/matching/select-coach.js';
import { beginClosingWeek } from '../../../src/use-cases/meetings/closing-week.js';
import { scheduleMeeting } from '../../../src/use-cases/meetings/schedule-meeting.js';
import { issueReflectionPrompt } from '../../../src/use-cases/reflections/issue-reflection-prompt.js';
import { markSessionHeld } from '../../../src/use-cases/sessions/mark-session-held.js';
import { scheduleSession } from '../../../src/use-cases/sessions/schedule-session.js';
import { messageText } from '../../support/outbox-reader.js';
import {
  client,
  coach1,
  holdMeeting,
  hr,
  londonLocal,
  startTriad,
  type TriadFixture,
} from '../hr/triad-fixture.js';

const day = 24 * 3600_000;
/** Monday of week `n` of the engagement, 00:00 London (UTC in winter); week 0 starts Monday 23 November 2026. */
const monday = (n: number) => new Date(Date.UTC(2026, 10, 23) + n * 7 * day);

/** Runs the closing-week job if the plan, rebuilt from the database as reconciliation does, holds one due now. */
async function runDueClosingJob(t: TriadFixture): Promise<void> {
  const read = t.core.uow.read;
  const snapshot = {
    engagement: await t.engagement(),
    meetings: await read.meetings.listByEngagement(t.engagementId),
    prompts: await read.prompts.listByEngagement(t.engagementId),
  };
  const now = t.core.clock.now();
  for (const job of planEngagement(snapshot, now).oneOffs) {
    if (job.name === 'closing-week' && job.runAt <= now) await beginClosingWeek(job.data, t.core);
  }
}

async function hrHomeRow(t: TriadFixture): Promise<string> {
  const { sections } = await composeHome({ actor: hr }, t.core);
  return sections.map((section) => messageText(section as Parameters<typeof messageText>[0])).join('\n');
}

describe('a twelve-week engagement, week by week on a simulated clock', () => {
  it('moves prompts through the five categories in order; the stage is closing only once the closing week begins', async () => {
    const t = await startTriad();
    await holdMeeting(t, 'kickoff');
    const kim = await t.person('UCOACH1');
    await selectCoach({ actor: client, engagementId: t.engagementId, coachId: kim.id }, t.core);
    await holdMeeting(t, 'alignment');
    expect((await t.engagement()).stage).toBe('coaching');

    // In week 0 the client sets the closing meeting for Wednesday of week 11 (10 February 2027) and the mid-point
    // for Wednesday of week 5.
    const set = async (kind: 'closing' | 'midpoint', days: number) =>
      scheduleMeeting(
        { actor: client, meetingId: (await t.meeting(kind)).id, localDateTime: londonLocal(days) },
        t.core,
      );
    await set('closing', 11 * 7 + 2);
    await set('midpoint', 5 * 7 + 2);
    expect((await t.engagement()).stage).toBe('coaching');
    const home = await hrHomeRow(t);
    expect(home).toContain('· coaching ·');
    // Days left count to the planned end (startedAt + 12 weeks), not to the closing meeting.
    const end = (await t.engagement()).startedAt.getTime() + 12 * 7 * day;
    expect(home).toContain(`· ${Math.ceil((end - t.core.clock.now().getTime()) / day)} days left`);

    const categories: PromptCategory[] = [];
    for (let week = 1; week <= 11; week += 1) {
      // Sunday 23:59, just before the week begins: the job (if any) changes nothing yet.
      t.core.clock.set(new Date(monday(week).getTime() - 60_000));
      await runDueClosingJob(t);
      expect((await t.engagement()).stage).toBe('coaching');
      // Monday 00:00: in the closing meeting's week, the job alone moves the stage, before any prompt.
      t.core.clock.set(monday(week));
      await runDueClosingJob(t);
      expect((await t.engagement()).stage).toBe(week === 11 ? 'closing' : 'coaching');
      // Monday 09:30: the weekly prompt.
      const dueAt = new Date(monday(week).getTime() + 9.5 * 3600_000);
      t.core.clock.set(dueAt);
      const issued = await issueReflectionPrompt({ engagementId: t.engagementId, dueAt }, t.core);
      if (issued.outcome !== 'issued') throw new Error(`week ${week}: ${issued.outcome}`);
      const prompt = await t.core.uow.read.prompts.get(issued.promptId);
      categories.push(questionById(prompt?.questionId ?? '')?.category ?? 'closing');

      if (week === 1) {
        // The first coaching session, on Tuesday of week 1.
        const { meetingId } = await scheduleSession(
          { actor: coach1, engagementId: t.engagementId, localDateTime: londonLocal(7 + 1) },
          t.core,
        );
        t.core.clock.set(new Date(monday(week).getTime() + day + 16 * 3600_000));
        await markSessionHeld({ actor: coach1, meetingId }, t.core);
      }
      if (week === 5) await holdMeeting(t, 'midpoint');
    }

    expect(categories).toEqual([
      'starting',
      'check_in',
      'check_in',
      'meaning_making',
      'meaning_making',
      'action_planning',
      'action_planning',
      'action_planning',
      'action_planning',
      'action_planning',
      'closing',
    ]);
    const order = ['starting', 'check_in', 'meaning_making', 'action_planning', 'closing'];
    expect([...new Set(categories)]).toEqual(order);
    expect((await hrHomeRow(t)).split('\n').find((line) => line.includes('days left'))).toContain(
      '· closing ·',
    );
  });
});
