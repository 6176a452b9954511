import { randomUUID } from 'node:crypto';
import type { Engagement, Meeting, ReflectionPrompt } from '../../src/engagement/records.js';

/** Plain records for planner tests; every field a test does not care about has a sensible value. */
export function engagementRecord(overrides: Partial<Engagement> = {}): Engagement {
  const startedAt = overrides.startedAt ?? new Date('2026-01-05T09:00:00Z');
  return {
    id: randomUUID(),
    organisationId: randomUUID(),
    clientId: randomUUID(),
    sponsorId: randomUUID(),
    coachId: randomUUID(),
    coachShortlist: [],
    startedById: randomUUID(),
    stage: 'coaching',
    pausedStage: null,
    weeks: 12,
    cadence: 'weekly',
    promptWeekday: 1,
    promptTime: '09:30',
    timeZone: 'Europe/London',
    workingHours: null,
    startedAt,
    pausedAt: null,
    closedAt: null,
    purgeAfter: null,
    purgedAt: null,
    version: 1,
    updatedAt: startedAt,
    ...overrides,
  };
}

export function meetingRecord(engagement: Engagement, overrides: Partial<Meeting> = {}): Meeting {
  return {
    id: randomUUID(),
    engagementId: engagement.id,
    kind: 'alignment',
    status: 'scheduled',
    startsAt: new Date('2026-02-10T15:00:00Z'),
    durationMinutes: 60,
    organiserId: null,
    organiserZone: 'Europe/London',
    threadAddress: null,
    videoUrl: null,
    coachId: null,
    heldAt: null,
    version: 2,
    createdAt: engagement.startedAt,
    updatedAt: engagement.startedAt,
    ...overrides,
  };
}

export function promptRecord(
  engagement: Engagement,
  overrides: Partial<ReflectionPrompt> = {},
): ReflectionPrompt {
  const sentAt = overrides.sentAt ?? new Date('2026-02-02T09:30:00Z');
  return {
    id: randomUUID(),
    engagementId: engagement.id,
    questionId: 'ci-01',
    category: 'check_in',
    cycle: '2026-W06',
    status: 'sent',
    sentAt,
    snoozedUntil: null,
    nudgeDueAt: new Date(sentAt.getTime() + 48 * 3600_000),
    nudgedAt: null,
    expiresAt: new Date(sentAt.getTime() + 7 * 24 * 3600_000),
    ...overrides,
  };
}
