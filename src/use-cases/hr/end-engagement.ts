import { z } from 'zod';
import { nextStage } from '../../engagement/lifecycle.js';
import { formatDate } from '../../engagement/meeting-time.js';
import { endedForClient, endedForSponsorSpace } from '../../messages/compose/hr-lifecycle.js';
import { shortId } from '../../messages/compose/text.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, requireHr, resolveActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { closeOut } from '../shared/close-out.js';
import {
  engagementRefSchema,
  findEngagementForHr,
  loadTriad,
  lockEngagement,
  replyPersonId,
} from '../shared/engagement-access.js';
import { parseInput } from '../shared/parse-input.js';
import { logisticsReply } from '../shared/reply.js';

export const endEngagementInput = z.object({ actor: actorSchema, engagement: engagementRefSchema });
export type EndEngagementInput = z.infer<typeof endEngagementInput>;

/**
 * HR ends an engagement: closed once coaching is under way (coaching or closing, also when paused there),
 * cancelled before. Open meetings are cancelled, private content is purged after the retention period.
 */
export async function endEngagement(raw: EndEngagementInput, deps: CoreDeps) {
  const input = parseInput(endEngagementInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    requireHr(resolved, 'end_engagement');
    const found = await findEngagementForHr(repos, resolved, input.engagement);
    const current = await lockEngagement(repos, found.id);
    const effective = current.stage === 'paused' ? (current.pausedStage ?? 'kickoff') : current.stage;
    const stage = nextStage({ ...current, stage: effective }, 'end');
    const triad = await loadTriad(repos, current);
    const outcome = stage === 'closed' ? 'closed' : 'cancelled';
    const { engagement, cancelledMeetings } = await closeOut(
      unit,
      deps,
      current,
      triad.organisation,
      outcome,
    );
    const parties = { ...triad, engagement };
    const purgeAfter = engagement.purgeAfter ?? deps.clock.now();
    const key = `engagement:${engagement.id}:ended`;
    await unit.send(endedForClient(parties, outcome, purgeAfter), `${key}:client`);
    await unit.send(endedForSponsorSpace(parties, outcome, true), `${key}:sponsor`);
    await unit.audit({
      engagementId: engagement.id,
      actorId: resolved.person?.id ?? null,
      action: 'engagement_ended',
      details: { from: current.stage, to: outcome, cancelledMeetings },
    });
    const hrZone = resolved.person?.timeZone ?? deps.settings.defaultTimeZone;
    const reply = logisticsReply({
      audience: 'admin',
      personId: replyPersonId(resolved, input.actor.platformUserId),
      engagementId: engagement.id,
      summary: `Engagement ${shortId(engagement)} ${outcome}`,
      lines: [
        `${triad.client.displayName}'s engagement ${shortId(engagement)} is ${outcome}. ${cancelledMeetings} open meeting(s) cancelled; the client and the sponsor thread have been told.`,
      ],
      notes: [`Private content will be deleted after ${formatDate(purgeAfter, hrZone)}.`],
    });
    return { engagementId: engagement.id, stage: engagement.stage, reply: await unit.reply(reply) };
  });
}
