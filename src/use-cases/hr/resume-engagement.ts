import { z } from 'zod';
import { describeStage, nextStage } from '../../engagement/lifecycle.js';
import { resumedForClient, resumedForSponsorSpace } from '../../messages/compose/hr-lifecycle.js';
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

export const resumeEngagementInput = z.object({ actor: actorSchema, engagement: engagementRefSchema });
export type ResumeEngagementInput = z.infer<typeof resumeEngagementInput>;

/** HR resumes a paused engagement at the stage it was paused in; prompts continue. */
export async function resumeEngagement(raw: ResumeEngagementInput, deps: CoreDeps) {
  const input = parseInput(resumeEngagementInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    requireHr(resolved, 'resume_engagement');
    const found = await findEngagementForHr(repos, resolved, input.engagement);
    const current = await lockEngagement(repos, found.id);
    const stage = nextStage(current, 'resume');
    const now = deps.clock.now();
    const engagement = await updateEngagement(
      repos,
      current,
      { stage, pausedStage: null, pausedAt: null },
      now,
    );
    const triad = await loadTriad(repos, engagement);
    const words = describeStage(stage);
    const key = `engagement:${engagement.id}:v${engagement.version}:resumed`;
    await unit.send(resumedForClient(triad, words), `${key}:client`);
    await unit.send(resumedForSponsorSpace(triad, words), `${key}:sponsor`);
    await unit.audit({
      engagementId: engagement.id,
      actorId: resolved.person?.id ?? null,
      action: 'engagement_resumed',
      details: { to: stage },
    });
    unit.touch(engagement.id);
    const reply = logisticsReply({
      audience: 'admin',
      personId: replyPersonId(resolved, input.actor.platformUserId),
      engagementId: engagement.id,
      summary: `Engagement ${shortId(engagement)} resumed`,
      lines: [
        `Resumed ${triad.client.displayName}'s engagement ${shortId(engagement)} at ${words}. The client and the sponsor thread have been told.`,
      ],
    });
    return { engagementId: engagement.id, stage: engagement.stage, reply: await unit.reply(reply) };
  });
}
