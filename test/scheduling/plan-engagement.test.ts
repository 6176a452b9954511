import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultPlanningRules,
  planEngagement,
  promptJobsDueFrom,
  promptSchedule,
} from '../../src/scheduling/plan-engagement.js';
import { engagementOfJobId } from '../../src/scheduling/planned-jobs.js';
import { engagementRecord, meetingRecord, promptRecord } from './fixtures.js';

const now = new Date('2026-02-02T12:00:00Z');
const ids = (plan: ReturnType<typeof planEngagement>) => plan.oneOffs.map((job) => job.id);

describe('the weekly prompt schedule', () => {
  it('fires on the chosen weekday and local time in the client zone', () => {
    const engagement = engagementRecord({ promptWeekday: 3, promptTime: '08:15', timeZone: 'Asia/Kolkata' });

    expect(promptSchedule(engagement)).toEqual({
      id: `${engagement.id}.prompt`,
      engagementId: engagement.id,
      pattern: '15 8 * * 3',
      tz: 'Asia/Kolkata',
    });
  });

  it.each(['kickoff', 'coach_matching', 'alignment', 'paused', 'closed', 'cancelled'] as const)(
    'is absent while the engagement is %s',
    (stage) => {
      expect(
        planEngagement({ engagement: engagementRecord({ stage }), meetings: [], prompts: [] }, now).prompt,
      ).toBeNull();
    },
  );

  it.each(['coaching', 'closing'] as const)(
    'is the minute’s tick’s, not a scheduler of its own, while the engagement is %s (weekly calendar)',
    (stage) => {
      expect(
        planEngagement({ engagement: engagementRecord({ stage }), meetings: [], prompts: [] }, now).prompt,
      ).toBeNull();
    },
  );

  it.each(['coaching', 'closing'] as const)(
    'runs as a scheduler under a prompt interval while %s',
    (stage) => {
      const rules = { ...defaultPlanningRules, promptIntervalMs: 60_000 };
      expect(
        planEngagement({ engagement: engagementRecord({ stage }), meetings: [], prompts: [] }, now, rules)
          .prompt,
      ).not.toBeNull();
    },
  );
});

describe('meeting reminders', () => {
  it('give an alignment meeting a private preparation prompt 48 h before and sponsor reminders 24 h and 1 h before', () => {
    const engagement = engagementRecord();
    const meeting = meetingRecord(engagement, { startsAt: new Date('2026-02-10T15:00:00Z') });

    const plan = planEngagement({ engagement, meetings: [meeting], prompts: [] }, now);

    expect(plan.oneOffs.map((job) => [job.id, job.runAt.toISOString()])).toEqual([
      [`${engagement.id}.meeting.${meeting.id}.prepare-48h`, '2026-02-08T15:00:00.000Z'],
      [`${engagement.id}.meeting.${meeting.id}.sponsor-24h`, '2026-02-09T15:00:00.000Z'],
      [`${engagement.id}.meeting.${meeting.id}.sponsor-1h`, '2026-02-10T14:00:00.000Z'],
    ]);
  });

  it('give coaching sessions reminders for the coaching space only', () => {
    const engagement = engagementRecord();
    const session = meetingRecord(engagement, {
      kind: 'session',
      startsAt: new Date('2026-02-05T10:00:00Z'),
    });

    const plan = planEngagement({ engagement, meetings: [session], prompts: [] }, now);

    expect(plan.oneOffs.map((job) => job.data)).toEqual([
      expect.objectContaining({ reminder: 'session-24h' }),
      expect.objectContaining({ reminder: 'session-1h' }),
    ]);
  });

  it('drop reminders whose moment has passed, keep one that is only just due, and none for past meetings', () => {
    const engagement = engagementRecord();
    const soon = meetingRecord(engagement, { startsAt: new Date('2026-02-03T12:05:00Z') });
    const past = meetingRecord(engagement, { startsAt: new Date('2026-02-01T12:00:00Z') });

    const plan = planEngagement({ engagement, meetings: [soon, past], prompts: [] }, now);

    expect(plan.oneOffs.map((job) => [job.data, job.runAt.toISOString()])).toEqual([
      [expect.objectContaining({ reminder: 'sponsor-24h' }), '2026-02-02T12:05:00.000Z'],
      [expect.objectContaining({ reminder: 'sponsor-1h' }), '2026-02-03T11:05:00.000Z'],
    ]);
  });

  it.each(['unscheduled', 'cancelled', 'held'] as const)('are absent for a %s meeting', (status) => {
    const engagement = engagementRecord();
    const meeting = meetingRecord(engagement, { status });
    expect(planEngagement({ engagement, meetings: [meeting], prompts: [] }, now).oneOffs).toEqual([]);
  });

  it('move with the meeting: same ids, new times and the new start in the payload', () => {
    const engagement = engagementRecord();
    const meeting = meetingRecord(engagement);
    const moved = { ...meeting, startsAt: new Date('2026-02-12T09:00:00Z'), version: meeting.version + 1 };

    const before = planEngagement({ engagement, meetings: [meeting], prompts: [] }, now);
    const after = planEngagement({ engagement, meetings: [moved], prompts: [] }, now);

    expect(ids(after)).toEqual(ids(before));
    expect(after.oneOffs.map((job) => job.runAt.toISOString())).toEqual([
      '2026-02-10T09:00:00.000Z',
      '2026-02-11T09:00:00.000Z',
      '2026-02-12T08:00:00.000Z',
    ]);
  });

  it('stop entirely while the engagement is paused', () => {
    const engagement = engagementRecord({ stage: 'paused' });
    const plan = planEngagement({ engagement, meetings: [meetingRecord(engagement)], prompts: [] }, now);
    expect(plan).toEqual({ engagementId: engagement.id, prompt: null, oneOffs: [] });
  });
});

describe('nudges and snoozes', () => {
  it('nudge an unanswered prompt once, at its due time when that is in working hours', () => {
    const engagement = engagementRecord();
    const prompt = promptRecord(engagement);

    const plan = planEngagement({ engagement, meetings: [], prompts: [prompt] }, now);

    expect(plan.oneOffs).toEqual([
      {
        name: 'nudge-prompt',
        id: `${engagement.id}.nudge.${prompt.id}.once`,
        runAt: new Date('2026-02-04T09:30:00Z'),
        dueAt: new Date('2026-02-04T09:30:00Z'),
        data: { engagementId: engagement.id, promptId: prompt.id },
      },
    ]);
  });

  it('move a nudge due at night or at the weekend to the next working morning in the client zone', () => {
    const engagement = engagementRecord({ timeZone: 'America/New_York' });
    const prompt = promptRecord(engagement, {
      nudgeDueAt: new Date('2026-02-07T15:00:00Z'),
      expiresAt: new Date('2026-02-09T19:00:00Z'),
    });

    const [nudge] = planEngagement({ engagement, meetings: [], prompts: [prompt] }, now).oneOffs;

    expect(nudge?.runAt).toEqual(new Date('2026-02-09T14:00:00Z'));
    // The horizon takes it into Redis from its own due time, before it was moved into working hours.
    expect(nudge?.dueAt).toEqual(new Date('2026-02-07T15:00:00Z'));
  });

  it.each([
    ['answered', { status: 'answered' as const }],
    ['already nudged', { nudgedAt: new Date('2026-02-04T09:30:00Z') }],
    ['skipped', { status: 'skipped' as const }],
    ['due after the next prompt', { nudgeDueAt: new Date('2026-02-09T10:00:00Z') }],
  ])('leave out the nudge of a prompt %s', (_label, overrides) => {
    const engagement = engagementRecord();
    const prompt = promptRecord(engagement, overrides);
    expect(planEngagement({ engagement, meetings: [], prompts: [prompt] }, now).oneOffs).toEqual([]);
  });

  it('bring a snoozed prompt back when the snooze ends', () => {
    const engagement = engagementRecord();
    const prompt = promptRecord(engagement, {
      status: 'snoozed',
      snoozedUntil: new Date('2026-02-03T09:00:00Z'),
    });

    expect(planEngagement({ engagement, meetings: [], prompts: [prompt] }, now).oneOffs).toEqual([
      {
        name: 'resurface-prompt',
        id: `${engagement.id}.snooze.${prompt.id}.end`,
        runAt: new Date('2026-02-03T09:00:00Z'),
        dueAt: new Date('2026-02-03T09:00:00Z'),
        data: { engagementId: engagement.id, promptId: prompt.id },
      },
    ]);
  });
});

describe('promptJobsDueFrom: the earliest a prompt’s job can fall due, by its state alone', () => {
  const instant = fc
    .integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-04-01T00:00:00Z') })
    .map((ms) => new Date(ms));
  const zone = fc.constantFrom('Europe/London', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland');

  it('is never later than a planned nudge or snooze end, at any time now, and null only when none is planned', () => {
    fc.assert(
      fc.property(
        zone,
        fc.constantFrom('sent', 'snoozed', 'answered', 'skipped', 'expired'),
        instant,
        fc.option(instant),
        fc.option(instant),
        fc.option(instant),
        instant,
        instant,
        (timeZone, status, sentAt, snoozedUntil, nudgeDueAt, nudgedAt, expiresAt, at) => {
          const engagement = engagementRecord({ timeZone });
          const prompt = promptRecord(engagement, {
            status: status as never,
            sentAt,
            snoozedUntil,
            nudgeDueAt,
            nudgedAt,
            expiresAt,
          });
          const from = promptJobsDueFrom(prompt);
          const jobs = planEngagement({ engagement, meetings: [], prompts: [prompt] }, at).oneOffs;
          if (from === null) expect(jobs).toEqual([]);
          for (const job of jobs)
            expect(job.dueAt.getTime()).toBeGreaterThanOrEqual(from?.getTime() ?? Infinity);
        },
      ),
    );
  });

  it('is the nudge’s due time of a prompt just sent, and nothing once it is answered or nudged', () => {
    const engagement = engagementRecord();
    const prompt = promptRecord(engagement);
    expect(promptJobsDueFrom(prompt)).toEqual(prompt.nudgeDueAt);
    expect(promptJobsDueFrom({ ...prompt, status: 'answered' })).toBeNull();
    expect(promptJobsDueFrom({ ...prompt, nudgedAt: now })).toBeNull();
    expect(promptJobsDueFrom({ ...prompt, status: 'snoozed', snoozedUntil: now })).toEqual(now);
  });
});

describe('reminders to schedule the mid-point and closing meetings', () => {
  it('come at half-time and two weeks before the end while those meetings are unscheduled', () => {
    const engagement = engagementRecord({ startedAt: new Date('2026-01-05T09:00:00Z'), weeks: 12 });
    const midpoint = meetingRecord(engagement, { kind: 'midpoint', status: 'unscheduled', startsAt: null });
    const closing = meetingRecord(engagement, { kind: 'closing', status: 'unscheduled', startsAt: null });

    const plan = planEngagement({ engagement, meetings: [midpoint, closing], prompts: [] }, now);

    expect(plan.oneOffs.map((job) => [job.id, job.runAt.toISOString()])).toEqual([
      [`${engagement.id}.schedule.${midpoint.id}.midpoint`, '2026-02-16T09:00:00.000Z'],
      [`${engagement.id}.schedule.${closing.id}.closing`, '2026-03-16T09:00:00.000Z'],
    ]);
  });

  it('are dropped once the meeting is scheduled', () => {
    const engagement = engagementRecord();
    const midpoint = meetingRecord(engagement, {
      kind: 'midpoint',
      startsAt: new Date('2026-02-20T10:00:00Z'),
    });
    const plan = planEngagement({ engagement, meetings: [midpoint], prompts: [] }, now);
    expect(plan.oneOffs.every((job) => job.name === 'meeting-reminder')).toBe(true);
  });
});

describe('the closing week', () => {
  const closingAt = (engagement: ReturnType<typeof engagementRecord>, startsAt: string) =>
    meetingRecord(engagement, { kind: 'closing', status: 'scheduled', startsAt: new Date(startsAt) });
  const closingJobs = (plan: ReturnType<typeof planEngagement>) =>
    plan.oneOffs.filter((job) => job.name === 'closing-week');

  it('starts the closing stage on the Monday 00:00, in the client zone, of the closing meeting week', () => {
    const engagement = engagementRecord({ stage: 'coaching', timeZone: 'America/New_York' });
    const closing = closingAt(engagement, '2026-03-26T15:00:00Z');
    const plan = planEngagement({ engagement, meetings: [closing], prompts: [] }, now);
    expect(closingJobs(plan)).toEqual([
      {
        name: 'closing-week',
        id: `${engagement.id}.stage.${closing.id}.closing`,
        runAt: new Date('2026-03-23T04:00:00Z'),
        dueAt: new Date('2026-03-23T04:00:00Z'),
        data: { engagementId: engagement.id, meetingId: closing.id, startsAt: '2026-03-26T15:00:00.000Z' },
      },
    ]);
  });

  it('runs now when that Monday has passed, and is absent outside coaching or without a scheduled closing meeting', () => {
    const engagement = engagementRecord({ stage: 'coaching', timeZone: 'Europe/London' });
    const thisWeek = closingAt(engagement, '2026-02-04T10:00:00Z');
    expect(
      closingJobs(planEngagement({ engagement, meetings: [thisWeek], prompts: [] }, now))[0]?.runAt,
    ).toEqual(now);
    const closingStage = { ...engagement, stage: 'closing' as const };
    expect(
      closingJobs(planEngagement({ engagement: closingStage, meetings: [thisWeek], prompts: [] }, now)),
    ).toEqual([]);
    const unscheduled = { ...thisWeek, status: 'unscheduled' as const, startsAt: null };
    expect(closingJobs(planEngagement({ engagement, meetings: [unscheduled], prompts: [] }, now))).toEqual(
      [],
    );
  });
});

describe('job ids', () => {
  it('name the engagement they belong to', () => {
    const engagement = engagementRecord();
    const plan = planEngagement({ engagement, meetings: [meetingRecord(engagement)], prompts: [] }, now);
    const prompt = promptSchedule(engagement, { promptIntervalMs: 60_000 });
    for (const id of [...ids(plan), prompt.id]) expect(engagementOfJobId(id)).toBe(engagement.id);
    expect(engagementOfJobId('triad.outbox-sweep')).toBeUndefined();
  });

  it('contain no colon, which BullMQ reserves', () => {
    const engagement = engagementRecord();
    const plan = planEngagement({ engagement, meetings: [meetingRecord(engagement)], prompts: [] }, now);
    expect(ids(plan).some((id) => id.includes(':'))).toBe(false);
  });
});
