import { z } from 'zod';
import { describeStage } from '../../engagement/lifecycle.js';
import { command, phrase } from '../../messages/command-hint.js';
import { pausedForClient, pausedForSponsorSpace } from '../../messages/compose/hr-lifecycle.js';
import { shortId } from '../../messages/compose/text.js';
import { actorSchema } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { engagementRefSchema } from '../shared/engagement-access.js';
import { parseInput } from '../shared/parse-input.js';
import { transitionEngagement } from '../shared/transition-engagement.js';

export const pauseEngagementInput = z.object({ actor: actorSchema, engagement: engagementRefSchema });
export type PauseEngagementInput = z.infer<typeof pauseEngagementInput>;

/** HR pauses an engagement: prompts stop (the scheduler resyncs), the client and the sponsor space are told. */
export async function pauseEngagement(raw: PauseEngagementInput, deps: CoreDeps) {
  const input = parseInput(pauseEngagementInput, raw);
  const { engagement, reply } = await transitionEngagement(deps, {
    actor: input.actor,
    access: { hr: 'pause_engagement', engagement: input.engagement },
    audience: 'admin',
    event: 'pause',
    decide: ({ current, now }) => ({ change: { pausedStage: current.stage, pausedAt: now } }),
    messages: ({ engagement, parties }) => {
      const key = `engagement:${engagement.id}:v${engagement.version}:paused`;
      return [
        [pausedForClient(parties), `${key}:client`],
        [pausedForSponsorSpace(parties), `${key}:sponsor`],
      ];
    },
    audit: ({ current }) => ({ action: 'engagement_paused', details: { from: current.stage } }),
    reply: ({ engagement, current, parties }) => ({
      summary: `Engagement ${shortId(engagement)} paused`,
      lines: [
        `Paused ${parties.client.displayName}'s engagement ${shortId(engagement)} (it was at ${describeStage(current.stage)}). Reflection prompts have stopped; the client and the sponsor thread have been told.`,
      ],
      notes: [phrase`Resume it with ${command('resume', shortId(engagement))}.`],
    }),
  });
  return { engagementId: engagement.id, stage: engagement.stage, reply };
}
