import { closingWeekStart } from '../../../src/engagement/lifecycle.js';
import type {
  Engagement,
  Meeting,
  MeetingKind,
  Organisation,
  Person,
} from '../../../src/engagement/records.js';
import type { Actor } from '../../../src/use-cases/actor.js';
import { startEngagement } from '../../../src/use-cases/hr/start-engagement.js';
import { selectCoach } from '../../../src/use-cases/matching/select-coach.js';
import { beginClosingWeek } from '../../../src/use-cases/meetings/closing-week.js';
import { markMeetingHeld } from '../../../src/use-cases/meetings/mark-meeting-held.js';
import { scheduleMeeting } from '../../../src/use-cases/meetings/schedule-meeting.js';
import { createTestCore, type TestCore } from '../../support/core-deps.js';

/**
 * A started engagement on the in-memory store: Jane (client, London), Sam (sponsor, New York), coaches Kim
 * (Tokyo) and Lee (Berlin) (with `coaches: 4`, also Ada (Chicago) and Bea (Sydney)), Harper (HR, UHR), and
 * Ola, a coach outside the triad. The clock starts Monday
 * 23 Nov 2026, 08:00 UTC.
 */
export const actor = (platformUserId: string): Actor => ({
  platform: 'slack',
  tenantId: 'T1',
  platformUserId,
});
export const hr = actor('UHR');
export const client = actor('UCLIENT');
export const sponsor = actor('USPONSOR');
export const coach1 = actor('UCOACH1');
export const coach2 = actor('UCOACH2');
export const stranger = actor('USTRANGER');

export interface TriadFixture {
  core: TestCore;
  engagementId: string;
  engagement(): Promise<Engagement>;
  meeting(kind: MeetingKind): Promise<Meeting>;
  person(platformUserId: string): Promise<Person>;
  organisation(): Promise<Organisation>;
  setOrganisation(changes: Partial<Organisation>): Promise<void>;
}

export async function startTriad(
  options: { coaches?: 1 | 2 | 4; core?: TestCore } = {},
): Promise<TriadFixture> {
  const core = options.core ?? createTestCore();
  const add = (platformUserId: string, displayName: string, timeZone: string) =>
    core.directory.add({ platformUserId, displayName, timeZone });
  add('UHR', 'Harper', 'Europe/London');
  add('UCLIENT', 'Jane', 'Europe/London');
  add('USPONSOR', 'Sam', 'America/New_York');
  add('UCOACH1', 'Kim', 'Asia/Tokyo');
  add('UCOACH2', 'Lee', 'Europe/Berlin');
  add('UCOACH3', 'Ola', 'Europe/Oslo');
  add('UCOACH4', 'Ada', 'America/Chicago');
  add('UCOACH5', 'Bea', 'Australia/Sydney');
  add('USTRANGER', 'Stan', 'Europe/London');
  core.directory.add({ platformUserId: 'UBOT', displayName: 'Robo', isBot: true });
  const coachUserIds =
    options.coaches === 1
      ? ['UCOACH1']
      : options.coaches === 4
        ? ['UCOACH1', 'UCOACH2', 'UCOACH4', 'UCOACH5']
        : ['UCOACH1', 'UCOACH2'];
  const started = await startEngagement(
    { actor: hr, clientUserId: 'UCLIENT', sponsorUserId: 'USPONSOR', coachUserIds },
    core,
  );
  const { engagementId } = started;
  const read = core.uow.read;
  const engagement = async () => {
    const found = await read.engagements.get(engagementId);
    if (!found) throw new Error('engagement missing');
    return found;
  };
  const organisation = async () => {
    const found = await read.organisations.get((await engagement()).organisationId);
    if (!found) throw new Error('organisation missing');
    return found;
  };
  return {
    core,
    engagementId,
    engagement,
    organisation,
    async meeting(kind) {
      const found = (await read.meetings.listByEngagement(engagementId)).find((m) => m.kind === kind);
      if (!found) throw new Error(`no ${kind} meeting`);
      return found;
    },
    async person(platformUserId) {
      const found = await read.people.findByPlatformUser((await engagement()).organisationId, platformUserId);
      if (!found) throw new Error(`no person ${platformUserId}`);
      return found;
    },
    async setOrganisation(changes) {
      const current = await organisation();
      await core.uow.transaction((repos) => repos.organisations.update({ ...current, ...changes }));
    },
  };
}

const hour = 3600 * 1000;

/** Local "YYYY-MM-DDTHH:mm" in London, `days` after the fixture's start day (times in the future). */
export const londonLocal = (days: number, time = '14:00') => {
  const day = new Date(Date.UTC(2026, 10, 23 + days));
  return `${day.toISOString().slice(0, 10)}T${time}`;
};

/** Schedules a triad meeting as the client and moves the clock past it. */
export async function holdMeeting(t: TriadFixture, kind: MeetingKind, by: Actor = client): Promise<void> {
  const meeting = await t.meeting(kind);
  if (meeting.status !== 'scheduled') {
    const now = t.core.clock.now();
    const days = Math.ceil((now.getTime() - Date.UTC(2026, 10, 23)) / (24 * hour)) + 1;
    await scheduleMeeting(
      { actor: client, meetingId: meeting.id, localDateTime: londonLocal(days), timeZone: 'Europe/London' },
      t.core,
    );
  }
  const scheduled = await t.meeting(kind);
  t.core.clock.set(new Date((scheduled.startsAt?.getTime() ?? t.core.clock.now().getTime()) + 2 * hour));
  await markMeetingHeld({ actor: by, meetingId: scheduled.id }, t.core);
}

/** Drives a two-coach engagement to a stage through the use cases: kickoff held, Kim chosen, alignment held… */
export async function advanceTo(
  t: TriadFixture,
  stage: 'kickoff' | 'coach_matching' | 'alignment' | 'coaching' | 'closing',
): Promise<void> {
  if (stage === 'kickoff') return;
  await holdMeeting(t, 'kickoff');
  if (stage === 'coach_matching') return;
  const kim = await t.person('UCOACH1');
  await selectCoach({ actor: client, engagementId: t.engagementId, coachId: kim.id }, t.core);
  if (stage === 'alignment') return;
  await holdMeeting(t, 'alignment');
  if (stage === 'coaching') return;
  const closing = await t.meeting('closing');
  const days = Math.ceil((t.core.clock.now().getTime() - Date.UTC(2026, 10, 23)) / (24 * hour)) + 7;
  await scheduleMeeting(
    { actor: client, meetingId: closing.id, localDateTime: londonLocal(days), timeZone: 'Europe/London' },
    t.core,
  );
  // The closing stage begins with the closing meeting's week: move the clock to its Monday and let the job run.
  const { startsAt } = await t.meeting('closing');
  const weekStart = closingWeekStart(startsAt ?? t.core.clock.now(), (await t.engagement()).timeZone);
  if (weekStart > t.core.clock.now()) t.core.clock.set(weekStart);
  await beginClosingWeek({ engagementId: t.engagementId }, t.core);
}
