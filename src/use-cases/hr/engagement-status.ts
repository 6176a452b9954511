import { z } from 'zod';
import { engagementStatusView } from '../../messages/compose/hr-views.js';
import { visibleToHr } from '../../outbox/retry-failed-delivery.js';
import { inTransaction } from '../../outbox/unit.js';
import type { Repositories } from '../../ports/repositories.js';
import { isSessionCycle } from '../../prompts/session-questions.js';
import { actorSchema, requireHr, resolveActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { engagementRefSchema, findEngagementForHr, replyPersonId } from '../shared/engagement-access.js';
import { parseInput } from '../shared/parse-input.js';
import { engagementRows } from './list-engagements.js';

export const engagementStatusInput = z.object({
  actor: actorSchema,
  /** The engagement's id or its first 8 characters, or the client's platform user id. */
  engagement: engagementRefSchema,
});
export type EngagementStatusInput = z.infer<typeof engagementStatusInput>;

/** Whether the client has a standing (not withdrawn) consent to share their activity figures. */
export async function sharesActivity(repos: Repositories, engagementId: string, clientId: string) {
  const consents = await repos.consents.listByEngagement(engagementId);
  return consents.some((c) => c.kind === 'activity_sharing' && c.clientId === clientId && !c.withdrawnAt);
}

/**
 * HR inspects one engagement: stage, names, meetings, days left. "N coaching sessions held" only under the
 * organisation's count_held policy; reflection reply figures only if the client opted in. Nothing else about
 * private activity, ever.
 */
export async function engagementStatus(raw: EngagementStatusInput, deps: CoreDeps) {
  const input = parseInput(engagementStatusInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    requireHr(resolved, 'view_engagement_status');
    const engagement = await findEngagementForHr(repos, resolved, input.engagement);
    const now = deps.clock.now();
    const [row] = await engagementRows(repos, [engagement], now);
    if (!row) throw new Error('engagement row missing');
    const meetings = await repos.meetings.listByEngagement(engagement.id);
    const order = ['kickoff', 'alignment', 'midpoint', 'closing'];
    meetings.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
    const sessionsHeld =
      resolved.organisation.sessionVisibility === 'count_held'
        ? meetings.filter((m) => m.kind === 'session' && m.status === 'held').length
        : undefined;
    let replyFigures: { answered: number; sent: number } | undefined;
    if (await sharesActivity(repos, engagement.id, engagement.clientId)) {
      // Weekly questions only: those around sessions would tell HR how many sessions were held.
      const prompts = (await repos.prompts.listByEngagement(engagement.id)).filter(
        (p) => !isSessionCycle(p.cycle),
      );
      replyFigures = {
        sent: prompts.length,
        answered: prompts.filter((p) => p.status === 'answered').length,
      };
    }
    // Failures of the sponsor space and of HR's own messages only: those of private spaces are private activity.
    const failed = (await repos.outbox.listByEngagement(engagement.id)).filter(
      (e) => e.status === 'failed' && visibleToHr(e),
    ).length;
    const message = engagementStatusView({
      personId: replyPersonId(resolved, input.actor.platformUserId),
      zone: resolved.person?.timeZone ?? deps.settings.defaultTimeZone,
      now,
      row,
      meetings,
      ...(sessionsHeld === undefined ? {} : { sessionsHeld }),
      ...(replyFigures ? { replyFigures } : {}),
      failedDeliveries: failed,
    });
    return { engagementId: engagement.id, stage: engagement.stage, reply: await unit.reply(message) };
  });
}
