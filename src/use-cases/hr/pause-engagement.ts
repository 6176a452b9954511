import { z } from 'zod';
import { describeStage, nextStage } from '../../engagement/lifecycle.js';
import { command, phrase } from '../../messages/command-hint.js';
import { pausedForClient, pausedForSponsorSpace } from '../../messages/compose/hr-lifecycle.js';
import { shortId } from '../../messages/compose/text.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, requireHr, resolveActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import {
  engagementRefSchema,
  findEngagementForHr,
  loadTriad,
  lockEngagement,
  replyPersonId,
} from '../shared/engagement-access.js';
import { updateEngagement } from '../shared/engagement-update.js';
import { parseInput } from '../shared/parse-input.js';
import { logisticsReply } from '../shared/reply.js';

export const pauseEngagementInput = z.object({ actor: actorSchema, engagement: engagementRefSchema });
export type PauseEngagementInput = z.infer<typeof pauseEngagementInput>;

/** HR pauses an engagement: prompts stop (the scheduler resyncs), the client and the sponsor space are told. */
export async function pauseEngagement(raw: PauseEngagementInput, deps: CoreDeps) {
  const input = parseInput(pauseEngagementInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    requireHr(resolved, 'pause_engagement');
    const found = await findEngagementForHr(repos, resolved, input.engagement);
    const current = await lockEngagement(repos, found.id);
    const stage = nextStage(current, 'pause');
    const now = deps.clock.now();
    const engagement = await updateEngagement(
      repos,
      current,
      { stage, pausedStage: current.stage, pausedAt: now },
      now,
    );
    const triad = await loadTriad(repos, engagement);
    const key = `engagement:${engagement.id}:v${engagement.version}:paused`;
    await unit.send(pausedForClient(triad), `${key}:client`);
    await unit.send(pausedForSponsorSpace(triad), `${key}:sponsor`);
    await unit.audit({
      engagementId: engagement.id,
      actorId: resolved.person?.id ?? null,
      action: 'engagement_paused',
      details: { from: current.stage },
    });
    unit.touch(engagement.id);
    const reply = logisticsReply({
      audience: 'admin',
      personId: replyPersonId(resolved, input.actor.platformUserId),
      engagementId: engagement.id,
      summary: `Engagement ${shortId(engagement)} paused`,
      lines: [
        `Paused ${triad.client.displayName}'s engagement ${shortId(engagement)} (it was at ${describeStage(current.stage)}). Reflection prompts have stopped; the client and the sponsor thread have been told.`,
      ],
      notes: [phrase`Resume it with ${command('resume', shortId(engagement))}.`],
    });
    return { engagementId: engagement.id, stage: engagement.stage, reply: await unit.reply(reply) };
  });
}
