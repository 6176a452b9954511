import { z } from 'zod';
import { isTerminal } from '../../engagement/lifecycle.js';
import { inTransaction } from '../../outbox/unit.js';
import { parseInput } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';

export const purgeExpiredEngagementsInput = z.object({
  /** The job's run time (an ISO string from a job payload is accepted); the clock's time when omitted. */
  now: z.coerce.date().optional(),
});
export type PurgeExpiredEngagementsInput = z.input<typeof purgeExpiredEngagementsInput>;

export const purgeEngagementInput = z.object({ engagementId: z.uuid(), now: z.coerce.date() });
export type PurgeEngagementInput = z.input<typeof purgeEngagementInput>;

/**
 * Audit entries of an engagement that outlive its purge: lifecycle facts HR saw anyway. Every other entry
 * (answered, edited, skipped, snoozed, shared, previewed, released, gate decisions with their times) goes.
 */
export const LIFECYCLE_AUDIT_ACTIONS = [
  'engagement_started',
  'coach_selected',
  'coach_reassigned',
  'engagement_paused',
  'engagement_resumed',
  'engagement_ended',
  'engagement_purged',
] as const;

export interface PurgeCounts {
  entries: number;
  prompts: number;
  releases: number;
  consents: number;
  outbox: number;
  audit: number;
  requestKeys: number;
  /** A coach invitation by e-mail (the address HR typed, the platform's invite ids). */
  invitations: number;
}

/**
 * Deletes one closed or cancelled engagement's private activity once its retention period is over, so that
 * nothing is left from which what the client did, when or how often could be read: private entries, prompts,
 * releases (previews included) and consents with their hashes, every outbox row (keys, payloads, times), the
 * client's stored presence (unless a later engagement of theirs is running), the audit entries of private actions, and the handled-request keys that mention any of its ids. What stays is
 * lifecycle: the engagement, its people, spaces and meetings, and the lifecycle audit entries. The scheduler
 * removes every job, schedule, job record and queue event naming the engagement or any of those ids (before
 * commit, so a failure there is retried). The audit entry holds no counts and no content.
 * Returns undefined when the engagement is not (or no longer) due.
 */
export async function purgeEngagement(
  raw: PurgeEngagementInput,
  deps: CoreDeps,
): Promise<PurgeCounts | undefined> {
  const input = parseInput(purgeEngagementInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const engagement = await repos.engagements.getForUpdate(input.engagementId);
    if (
      !engagement ||
      !isTerminal(engagement.stage) ||
      engagement.purgedAt !== null ||
      engagement.purgeAfter === null ||
      engagement.purgeAfter.getTime() > input.now.getTime()
    ) {
      return undefined;
    }
    const now = deps.clock.now();
    const ids = [
      engagement.id,
      ...(await repos.prompts.listByEngagement(engagement.id)).map((p) => p.id),
      ...(await repos.entries.listByEngagement(engagement.id)).map((e) => e.id),
      ...(await repos.releases.listByEngagement(engagement.id)).map((r) => r.id),
      ...(await repos.consents.listByEngagement(engagement.id)).map((c) => c.id),
      ...(await repos.outbox.listByEngagement(engagement.id)).map((o) => o.id),
      ...[(await repos.coachInvitations.findByEngagement(engagement.id))?.id ?? []].flat(),
    ];
    await repos.spaceMembers.deleteByEngagement(engagement.id);
    // The client's stored presence (ids, times, booleans) goes too, unless a later engagement of theirs still prompts.
    const client = await repos.people.get(engagement.clientId);
    if (client && !(await repos.engagements.findActiveByClient(client.id))) {
      await repos.presenceRecords.deleteFor(engagement.organisationId, [client.platformUserId]);
    }
    const counts: PurgeCounts = {
      entries: await repos.entries.deleteByEngagement(engagement.id),
      prompts: await repos.prompts.deleteByEngagement(engagement.id),
      releases: await repos.releases.deleteByEngagement(engagement.id),
      consents: await repos.consents.deleteByEngagement(engagement.id),
      outbox: await repos.outbox.deleteByEngagement(engagement.id),
      audit: await repos.audit.deleteByEngagement(engagement.id, LIFECYCLE_AUDIT_ACTIONS),
      requestKeys: await repos.processed.deleteMentioning(ids),
      invitations: await repos.coachInvitations.deleteByEngagement(engagement.id),
    };
    // Inside the transaction: if the queues cannot be cleaned (Redis down, a job of it running), nothing is
    // committed and the next run purges the engagement again. Meeting ids too: reminders carry them with times.
    const meetingIds = (await repos.meetings.listByEngagement(engagement.id)).map((m) => m.id);
    await deps.scheduler.forgetEngagement(engagement.id, [...ids.slice(1), ...meetingIds]);
    await repos.engagements.update({
      ...engagement,
      purgedAt: now,
      version: engagement.version + 1,
      updatedAt: now,
    });
    await unit.audit({
      engagementId: engagement.id,
      actorId: null,
      action: 'engagement_purged',
      // No counts: how many answers or releases there were is itself private activity.
      details: {},
    });
    unit.touch(engagement.id);
    return counts;
  });
}

/**
 * Called daily by the retention job: purges every closed or cancelled engagement past its `purgeAfter`, each in
 * its own transaction so one failure does not hold back the others (the next run retries it).
 */
export async function purgeExpiredEngagements(raw: PurgeExpiredEngagementsInput, deps: CoreDeps) {
  const input = parseInput(purgeExpiredEngagementsInput, raw);
  const now = input.now ?? deps.clock.now();
  const due = await deps.uow.read.engagements.listPurgeDue(now);
  const purged: string[] = [];
  const failed: string[] = [];
  for (const engagement of due) {
    try {
      if (await purgeEngagement({ engagementId: engagement.id, now }, deps)) purged.push(engagement.id);
    } catch (error) {
      failed.push(engagement.id);
      deps.logger.error(
        { engagementId: engagement.id, err: (error as { code?: string })?.code ?? (error as Error)?.name },
        'purge failed; the next run retries',
      );
    }
  }
  deps.logger.info({ purged: purged.length, failed: failed.length }, 'retention purge finished');
  return { purged, failed };
}
