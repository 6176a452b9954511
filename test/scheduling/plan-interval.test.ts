import { describe, expect, it } from 'vitest';
import {
  defaultPlanningRules,
  planEngagement,
  planningRules,
  promptSchedule,
} from '../../src/scheduling/plan-engagement.js';
import { globalSchedules, retentionPurgeSchedule } from '../../src/scheduling/planned-jobs.js';
import { defaultSettings } from '../../src/use-cases/deps.js';
import { engagementRecord, meetingRecord, promptRecord } from './fixtures.js';

const now = new Date('2026-02-02T12:00:00Z');
const demo = planningRules({
  ...defaultSettings,
  promptIntervalMs: 10_000,
  workingHours: 'always',
  purgeEveryMs: 2_000,
});

describe('the prompt schedule under a configured interval', () => {
  it('repeats every interval instead of the weekly cron', () => {
    const engagement = engagementRecord({ cadence: 'fortnightly', timeZone: 'Asia/Kolkata' });

    expect(promptSchedule(engagement, demo)).toEqual({
      id: `${engagement.id}.prompt`,
      engagementId: engagement.id,
      everyMs: 10_000,
    });
    expect(planEngagement({ engagement, meetings: [], prompts: [] }, now, demo).prompt).toEqual(
      promptSchedule(engagement, demo),
    );
  });

  it('leaves the weekly calendar to the minute’s tick when no interval is configured', () => {
    const engagement = engagementRecord({ promptWeekday: 2, promptTime: '10:00' });

    const rules = planningRules(defaultSettings);

    expect(rules).toMatchObject({ graceMs: defaultPlanningRules.graceMs, promptIntervalMs: null });
    expect(planEngagement({ engagement, meetings: [], prompts: [] }, now, rules).prompt).toBeNull();
    // The tick computes the due times from this cron, in the client's zone.
    expect(promptSchedule(engagement, rules)).toMatchObject({ pattern: '0 10 * * 2', tz: 'Europe/London' });
  });

  it('is still absent while the engagement is not in coaching or closing', () => {
    const engagement = engagementRecord({ stage: 'alignment' });
    expect(planEngagement({ engagement, meetings: [], prompts: [] }, now, demo).prompt).toBeNull();
  });
});

describe('nudge and reminder times follow the configured working hours', () => {
  const saturdayNight = new Date('2026-02-07T23:00:00Z');

  it('nudge at the due moment at any hour when working hours are "always"', () => {
    const engagement = engagementRecord();
    const prompt = promptRecord(engagement, {
      nudgeDueAt: saturdayNight,
      expiresAt: new Date('2026-02-08T00:00:00Z'),
    });

    const [nudge] = planEngagement({ engagement, meetings: [], prompts: [prompt] }, now, demo).oneOffs;
    const [officeNudge] = planEngagement({ engagement, meetings: [], prompts: [prompt] }, now).oneOffs;

    expect(nudge).toMatchObject({ name: 'nudge-prompt', runAt: saturdayNight });
    // In office hours the nudge would move to Monday, after the prompt expired: none.
    expect(officeNudge).toBeUndefined();
  });

  it('move a reminder to schedule the mid-point into the configured hours', () => {
    const engagement = engagementRecord({ startedAt: new Date('2026-01-05T07:00:00Z') });
    const midpoint = meetingRecord(engagement, { kind: 'midpoint', status: 'unscheduled', startsAt: null });
    const early = planningRules({
      ...defaultSettings,
      workingHours: { startMinute: 10 * 60, endMinute: 16 * 60 },
    });

    const plan = planEngagement({ engagement, meetings: [midpoint], prompts: [] }, now, early);
    const always = planEngagement({ engagement, meetings: [midpoint], prompts: [] }, now, demo);

    // Half of twelve weeks after Monday 5 January 07:00 is Monday 16 February 07:00 (London = UTC).
    expect(plan.oneOffs.map((job) => job.runAt)).toEqual([new Date('2026-02-16T10:00:00Z')]);
    expect(always.oneOffs.map((job) => job.runAt)).toEqual([new Date('2026-02-16T07:00:00Z')]);
  });
});

describe('the retention purge schedule', () => {
  it('runs daily at 03:15 UTC by default and every few seconds when configured', () => {
    const { id, pattern, tz } = globalSchedules.retentionPurge;
    expect(retentionPurgeSchedule(planningRules(defaultSettings).purgeEveryMs)).toEqual({ id, pattern, tz });
    expect(retentionPurgeSchedule(demo.purgeEveryMs)).toEqual({ id, everyMs: 2_000 });
  });
});
