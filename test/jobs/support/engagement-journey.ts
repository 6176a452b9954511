import { randomUUID } from 'node:crypto';
import { toLocalInput } from '../../../src/engagement/meeting-time.js';
import type { Engagement, Meeting } from '../../../src/engagement/records.js';
import { startEngagement } from '../../../src/use-cases/hr/start-engagement.js';
import { markMeetingHeld } from '../../../src/use-cases/meetings/mark-meeting-held.js';
import type { JobRuntime } from './job-runtime.js';

export const hrActor = { platform: 'slack' as const, tenantId: 'T1', platformUserId: 'UHR' };

/** A local date-time (HR's zone, Europe/London) `hours` from now, as the date-time picker sends it. */
export const inHours = (hours: number) =>
  toLocalInput(new Date(Date.now() + hours * 3600_000), 'Europe/London');

/** The meeting of a kind, as stored now. */
export async function meetingOf(
  runtime: JobRuntime,
  engagementId: string,
  kind: Meeting['kind'],
): Promise<Meeting> {
  const meeting = (await runtime.deps.uow.read.meetings.listByEngagement(engagementId)).find(
    (m) => m.kind === kind,
  );
  if (!meeting) throw new Error(`no ${kind} meeting`);
  return meeting;
}

/**
 * Walks a new engagement through the real use cases — start, kickoff and alignment (set as taken place an hour
 * ago) held — to the coaching
 * stage, where weekly prompts run. People get fresh platform ids, so one database holds many engagements.
 */
export async function engagementInCoaching(
  runtime: JobRuntime,
  options: { clientZone?: string } = {},
): Promise<Engagement> {
  const { deps } = runtime;
  const suffix = randomUUID().slice(0, 8);
  const [client, sponsor, coach] = ['UC', 'US', 'UK'].map((p) => `${p}${suffix}`) as [string, string, string];
  deps.directory.add({ platformUserId: 'UHR', displayName: 'Harriet HR' });
  deps.directory.add({
    platformUserId: client,
    displayName: `Client ${suffix}`,
    timeZone: options.clientZone ?? 'Europe/London',
  });
  deps.directory.add({ platformUserId: sponsor, displayName: `Sponsor ${suffix}` });
  deps.directory.add({ platformUserId: coach, displayName: `Coach ${suffix}` });
  const { engagementId } = await startEngagement(
    { actor: hrActor, clientUserId: client, sponsorUserId: sponsor, coachUserIds: [coach] },
    deps,
  );
  for (const kind of ['kickoff', 'alignment'] as const) {
    const unscheduled = await meetingOf(runtime, engagementId, kind);
    // Only a meeting that was scheduled and has started can be marked held: it took place an hour ago.
    const meeting = {
      ...unscheduled,
      status: 'scheduled' as const,
      startsAt: new Date(deps.clock.now().getTime() - 3600_000),
      version: unscheduled.version + 1,
    };
    await deps.uow.transaction((repos) => repos.meetings.update(meeting));
    await markMeetingHeld({ actor: hrActor, meetingId: meeting.id }, deps);
  }
  const engagement = await deps.uow.read.engagements.get(engagementId);
  if (engagement?.stage !== 'coaching') throw new Error(`engagement is ${engagement?.stage}, not coaching`);
  return engagement;
}
