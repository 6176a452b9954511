import { describe, expect, it } from 'vitest';
import { mayRead } from '../../../src/policy/readers.js';
import { sessionActionQuestions, sessionCheckInQuestions } from '../../../src/prompts/session-questions.js';
import { planEngagement } from '../../../src/scheduling/plan-engagement.js';
import { engagementStatus } from '../../../src/use-cases/hr/engagement-status.js';
import { pauseEngagement } from '../../../src/use-cases/hr/pause-engagement.js';
import { answerPrompt } from '../../../src/use-cases/reflections/answer-prompt.js';
import { issueReflectionPrompt } from '../../../src/use-cases/reflections/issue-reflection-prompt.js';
import { shareAnswerWithCoach } from '../../../src/use-cases/reflections/share-answer-with-coach.js';
import { markSessionHeld } from '../../../src/use-cases/sessions/mark-session-held.js';
import { moveSession } from '../../../src/use-cases/sessions/move-session.js';
import { scheduleSession } from '../../../src/use-cases/sessions/schedule-session.js';
import { issueSessionCheckIn } from '../../../src/use-cases/sessions/session-follow-up.js';
import { readOutbox } from '../../support/outbox-reader.js';
import {
  advanceTo,
  client,
  coach1,
  hr,
  londonLocal,
  sponsor,
  startTriad,
  type TriadFixture,
} from '../hr/triad-fixture.js';

const DAY = 24 * 3600_000;

async function heldSession(t: TriadFixture, by = coach1, days = 10) {
  const { meetingId } = await scheduleSession(
    { actor: by, engagementId: t.engagementId, localDateTime: londonLocal(days), timeZone: 'Europe/London' },
    t.core,
  );
  const meeting = await t.core.uow.read.meetings.get(meetingId);
  t.core.clock.set(new Date((meeting?.startsAt?.getTime() ?? 0) + 3600_000));
  await markSessionHeld({ actor: by, meetingId }, t.core);
  return meetingId;
}

async function coaching() {
  const t = await startTriad();
  await advanceTo(t, 'coaching');
  return t;
}

const prompts = (t: TriadFixture) => t.core.uow.read.prompts.listByEngagement(t.engagementId);

describe('the question after a coaching session', () => {
  it('sends the client one action-planning question from the seed, in their DM, when a session is held', async () => {
    const t = await coaching();
    const meetingId = await heldSession(t);
    const asked = (await prompts(t)).filter((p) => p.cycle === `session:${meetingId}`);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ category: 'action_planning', questionId: 'sa-01', status: 'sent' });
    const rows = (await readOutbox(t.core, t.engagementId)).filter(
      (r) => r.key === `meeting:${meetingId}:action-question`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.message?.destination).toMatchObject({ kind: 'space', space: 'client_dm' });
    expect(rows[0]?.text).toContain(sessionActionQuestions[0]?.text);
    expect(rows[0]?.text).toContain('Only you see this question and your answer');
  });

  it('asks nothing twice when "held" is pressed again (by either of them)', async () => {
    const t = await coaching();
    const meetingId = await heldSession(t);
    await markSessionHeld({ actor: client, meetingId }, t.core);
    await markSessionHeld({ actor: coach1, meetingId }, t.core);
    expect((await prompts(t)).filter((p) => p.cycle.startsWith('session:'))).toHaveLength(1);
    const keys = (await readOutbox(t.core, t.engagementId)).map((r) => r.key);
    expect(keys.filter((k) => k === `meeting:${meetingId}:action-question`)).toHaveLength(1);
  });

  it('takes the next question in turn for the next session', async () => {
    const t = await coaching();
    await heldSession(t, coach1, 10);
    await heldSession(t, client, 12);
    const ids = (await prompts(t)).filter((p) => p.cycle.startsWith('session:')).map((p) => p.questionId);
    expect(ids).toEqual(['sa-01', 'sa-02']);
  });

  it('is answered like any reflection: readable by the client only, until they share it with their coach', async () => {
    const t = await coaching();
    const meetingId = await heldSession(t);
    const prompt = (await prompts(t)).find((p) => p.cycle === `session:${meetingId}`);
    const { entryId } = await answerPrompt(
      { actor: client, promptId: prompt?.id ?? '', text: 'My plan: ask for feedback weekly.' },
      t.core,
    );
    const entry = await t.core.uow.read.entries.get(entryId ?? '');
    const [jane, kim, sam] = await Promise.all([
      t.person('UCLIENT'),
      t.person('UCOACH1'),
      t.person('USPONSOR'),
    ]);
    expect(entry?.kind).toBe('reflection_answer');
    expect(mayRead(jane.id, entry)).toBe(true);
    expect(mayRead(kim.id, entry)).toBe(false);
    expect(mayRead(sam.id, entry)).toBe(false);
    await shareAnswerWithCoach({ actor: client, promptId: prompt?.id ?? '' }, t.core);
    expect(mayRead(kim.id, await t.core.uow.read.entries.get(entryId ?? ''))).toBe(true);
  });

  it('refuses the sponsor and HR answering it, in clear words, changing nothing', async () => {
    const t = await coaching();
    const meetingId = await heldSession(t);
    const prompt = (await prompts(t)).find((p) => p.cycle === `session:${meetingId}`);
    for (const who of [sponsor, coach1, hr]) {
      await expect(
        answerPrompt({ actor: who, promptId: prompt?.id ?? '', text: 'not mine' }, t.core),
      ).rejects.toMatchObject({ code: 'not_authorised' });
    }
    expect(await t.core.uow.read.entries.listByEngagement(t.engagementId, 'reflection_answer')).toEqual([]);
  });

  it('asks nothing while the engagement is paused', async () => {
    const t = await coaching();
    const { meetingId } = await scheduleSession(
      {
        actor: coach1,
        engagementId: t.engagementId,
        localDateTime: londonLocal(10),
        timeZone: 'Europe/London',
      },
      t.core,
    );
    await pauseEngagement({ actor: hr, engagement: { kind: 'id', id: t.engagementId } }, t.core);
    t.core.clock.set(new Date(Date.UTC(2026, 11, 4)));
    await markSessionHeld({ actor: coach1, meetingId }, t.core);
    expect((await prompts(t)).filter((p) => p.cycle.startsWith('session:'))).toEqual([]);
  });

  it('leaves the weekly rhythm alone: the weekly prompt still goes out, and HR figures count weekly ones only', async () => {
    const t = await coaching();
    await heldSession(t);
    const issued = await issueReflectionPrompt(
      { engagementId: t.engagementId, dueAt: t.core.clock.now() },
      t.core,
    );
    expect(issued.outcome).toBe('issued');
    const status = await engagementStatus(
      { actor: hr, engagement: { kind: 'id', id: t.engagementId } },
      t.core,
    );
    expect(JSON.stringify(status.reply)).not.toContain('session:');
  });
});

describe('the check-in before the next session', () => {
  it('is planned 24 hours before the next session once a question after a session was asked', async () => {
    const t = await coaching();
    await heldSession(t);
    const { meetingId } = await scheduleSession(
      {
        actor: client,
        engagementId: t.engagementId,
        localDateTime: londonLocal(20),
        timeZone: 'Europe/London',
      },
      t.core,
    );
    const snapshot = {
      engagement: await t.engagement(),
      meetings: await t.core.uow.read.meetings.listByEngagement(t.engagementId),
      prompts: await prompts(t),
    };
    const next = snapshot.meetings.find((m) => m.id === meetingId);
    const plan = planEngagement(snapshot, t.core.clock.now());
    const jobs = plan.oneOffs.filter((j) => j.name === 'session-check-in');
    expect(jobs).toEqual([
      {
        name: 'session-check-in',
        id: `${t.engagementId}.checkin.${meetingId}.before`,
        runAt: new Date((next?.startsAt?.getTime() ?? 0) - DAY),
        dueAt: new Date((next?.startsAt?.getTime() ?? 0) - DAY),
        data: { engagementId: t.engagementId, meetingId, startsAt: next?.startsAt?.toISOString() },
      },
    ]);
  });

  it('sends one check-in question about the plan, once, however often the job runs', async () => {
    const t = await coaching();
    await heldSession(t);
    const { meetingId } = await scheduleSession(
      {
        actor: client,
        engagementId: t.engagementId,
        localDateTime: londonLocal(20),
        timeZone: 'Europe/London',
      },
      t.core,
    );
    const next = await t.core.uow.read.meetings.get(meetingId);
    const startsAt = next?.startsAt ?? new Date();
    t.core.clock.set(new Date(startsAt.getTime() - DAY));
    const job = { engagementId: t.engagementId, meetingId, startsAt: startsAt.toISOString() };
    const first = await issueSessionCheckIn(job, t.core);
    const again = await issueSessionCheckIn(job, t.core);
    expect(first.outcome).toBe('issued');
    expect(again).toEqual({ outcome: 'already_issued', promptId: first.promptId });
    const checkIns = (await prompts(t)).filter((p) => p.cycle === `check-in:${meetingId}`);
    expect(checkIns).toHaveLength(1);
    expect(checkIns[0]).toMatchObject({ category: 'check_in', questionId: 'sc-01', expiresAt: startsAt });
    const rows = (await readOutbox(t.core, t.engagementId)).filter(
      (r) => r.key === `meeting:${meetingId}:check-in-question`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.message?.destination).toMatchObject({ space: 'client_dm' });
    expect(rows[0]?.text).toContain(sessionCheckInQuestions[0]?.text);
    // Once asked, the planner no longer wants the job.
    const plan = planEngagement(
      {
        engagement: await t.engagement(),
        meetings: await t.core.uow.read.meetings.listByEngagement(t.engagementId),
        prompts: await prompts(t),
      },
      t.core.clock.now(),
    );
    expect(plan.oneOffs.filter((j) => j.name === 'session-check-in')).toEqual([]);
  });

  it('asks nothing from a job left over from before a move, before any plan, or after the session started', async () => {
    const t = await coaching();
    const { meetingId } = await scheduleSession(
      {
        actor: client,
        engagementId: t.engagementId,
        localDateTime: londonLocal(20),
        timeZone: 'Europe/London',
      },
      t.core,
    );
    const planned = (await t.core.uow.read.meetings.get(meetingId))?.startsAt ?? new Date();
    const job = { engagementId: t.engagementId, meetingId, startsAt: planned.toISOString() };
    expect((await issueSessionCheckIn(job, t.core)).outcome).toBe('no_plan_yet');
    await heldSession(t, coach1, 10);
    await moveSession({ actor: client, meetingId, localDateTime: londonLocal(21) }, t.core);
    expect((await issueSessionCheckIn(job, t.core)).outcome).toBe('moved');
    const moved = (await t.core.uow.read.meetings.get(meetingId))?.startsAt ?? new Date();
    t.core.clock.set(new Date(moved.getTime() + 60_000));
    const late = { ...job, startsAt: moved.toISOString() };
    expect((await issueSessionCheckIn(late, t.core)).outcome).toBe('already_started');
    expect((await prompts(t)).filter((p) => p.cycle.startsWith('check-in:'))).toEqual([]);
  });
});
