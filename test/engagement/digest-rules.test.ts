import { describe, expect, it } from 'vitest';
import { digestFindings } from '../../src/engagement/digest-rules.js';
import type { Engagement, Meeting, MeetingKind, MeetingStatus } from '../../src/engagement/records.js';

const DAY = 24 * 3600 * 1000;
const start = new Date('2026-11-02T09:00:00Z');
const at = (days: number) => new Date(start.getTime() + days * DAY);

const engagement = (changes: Partial<Engagement> = {}): Engagement => ({
  id: '00000000-0000-4000-8000-000000000001',
  organisationId: 'o',
  clientId: 'c',
  sponsorId: 's',
  coachId: 'k',
  coachShortlist: ['k'],
  startedById: 'h',
  stage: 'coaching',
  pausedStage: null,
  weeks: 12,
  cadence: 'weekly',
  promptWeekday: 1,
  promptTime: '09:30',
  timeZone: 'Europe/London',
  workingHours: null,
  startedAt: start,
  pausedAt: null,
  closedAt: null,
  purgeAfter: null,
  purgedAt: null,
  version: 1,
  updatedAt: start,
  ...changes,
});

const meeting = (kind: MeetingKind, status: MeetingStatus): Meeting => ({
  id: `m-${kind}`,
  engagementId: '00000000-0000-4000-8000-000000000001',
  kind,
  status,
  startsAt: status === 'unscheduled' ? null : at(3),
  durationMinutes: 60,
  organiserId: null,
  organiserZone: null,
  threadAddress: null,
  heldAt: status === 'held' ? at(3) : null,
  videoUrl: null,
  coachId: null,
  version: 1,
  createdAt: start,
  updatedAt: start,
});

/** Kickoff, alignment, mid-point and closing with the given statuses. */
const meetings = (
  kickoff: MeetingStatus,
  alignment: MeetingStatus,
  midpoint: MeetingStatus,
  closing: MeetingStatus,
) => [
  meeting('kickoff', kickoff),
  meeting('alignment', alignment),
  meeting('midpoint', midpoint),
  meeting('closing', closing),
];

const kinds = (findings: ReturnType<typeof digestFindings>) =>
  findings.map((f) => (f.kind === 'meeting_overdue' ? `${f.meeting} overdue (week ${f.week})` : f.kind));

describe('what needs HR in an engagement', () => {
  it.each<[string, Partial<Engagement>, Meeting[], number, number, string[]]>([
    [
      'kickoff unscheduled on day 6',
      { stage: 'kickoff' },
      meetings('unscheduled', 'unscheduled', 'unscheduled', 'unscheduled'),
      0,
      6,
      [],
    ],
    [
      'kickoff unscheduled on day 7',
      { stage: 'kickoff' },
      meetings('unscheduled', 'unscheduled', 'unscheduled', 'unscheduled'),
      0,
      7,
      ['kickoff_unscheduled'],
    ],
    [
      'kickoff scheduled on day 10',
      { stage: 'kickoff' },
      meetings('scheduled', 'unscheduled', 'unscheduled', 'unscheduled'),
      0,
      10,
      [],
    ],
    [
      'alignment not held in week 4',
      {},
      meetings('held', 'scheduled', 'unscheduled', 'unscheduled'),
      0,
      27,
      [],
    ],
    [
      'alignment not held after week 4',
      {},
      meetings('held', 'scheduled', 'unscheduled', 'unscheduled'),
      0,
      28,
      ['alignment overdue (week 4)'],
    ],
    ['alignment held after week 4', {}, meetings('held', 'held', 'unscheduled', 'unscheduled'), 0, 30, []],
    [
      'mid-point not held after half-time',
      {},
      meetings('held', 'held', 'unscheduled', 'unscheduled'),
      0,
      42,
      ['midpoint overdue (week 6)'],
    ],
    ['mid-point cancelled', {}, meetings('held', 'held', 'cancelled', 'unscheduled'), 0, 42, []],
    [
      'closing not held after the last week',
      {},
      meetings('held', 'held', 'held', 'scheduled'),
      0,
      84,
      ['closing overdue (week 12)'],
    ],
    [
      'paused 14 days',
      { stage: 'paused', pausedAt: at(20) },
      meetings('held', 'held', 'unscheduled', 'unscheduled'),
      0,
      34,
      [],
    ],
    [
      'paused 15 days',
      { stage: 'paused', pausedAt: at(20) },
      meetings('held', 'held', 'unscheduled', 'unscheduled'),
      0,
      35,
      ['paused_long'],
    ],
    [
      'failed deliveries HR may see',
      {},
      meetings('held', 'held', 'unscheduled', 'unscheduled'),
      2,
      10,
      ['delivery_failed'],
    ],
    [
      'a closed engagement',
      { stage: 'closed' },
      meetings('held', 'scheduled', 'unscheduled', 'unscheduled'),
      0,
      90,
      [],
    ],
  ])('%s', (_case, changes, list, failures, day, expected) => {
    expect(kinds(digestFindings(engagement(changes), list, failures, at(day)))).toEqual(expected);
  });

  it('counts the days of a kickoff wait and of a pause', () => {
    expect(
      digestFindings(engagement({ stage: 'kickoff' }), [meeting('kickoff', 'unscheduled')], 0, at(9)),
    ).toEqual([{ kind: 'kickoff_unscheduled', engagementId: engagement().id, days: 9 }]);
    expect(digestFindings(engagement({ stage: 'paused', pausedAt: at(1) }), [], 3, at(20))).toEqual([
      { kind: 'paused_long', engagementId: engagement().id, days: 19 },
      { kind: 'delivery_failed', engagementId: engagement().id, count: 3 },
    ]);
  });
});
