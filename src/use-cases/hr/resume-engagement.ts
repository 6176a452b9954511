import { z } from 'zod';
import { describeStage } from '../../engagement/lifecycle.js';
import { resumedForClient, resumedForSponsorSpace } from '../../messages/compose/hr-lifecycle.js';
import { shortId } from '../../messages/compose/text.js';
import { actorSchema } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { engagementRefSchema } from '../shared/engagement-access.js';
import { parseInput } from '../shared/parse-input.js';
import { transitionEngagement } from '../shared/transition-engagement.js';

export const resumeEngagementInput = z.object({ actor: actorSchema, engagement: engagementRefSchema });
export type ResumeEngagementInput = z.infer<typeof resumeEngagementInput>;

/** HR resumes a paused engagement at the stage it was paused in; prompts continue. */
export async function resumeEngagement(raw: ResumeEngagementInput, deps: CoreDeps) {
  const input = parseInput(resumeEngagementInput, raw);
  const { engagement, reply } = await transitionEngagement(deps, {
    actor: input.actor,
    access: { hr: 'resume_engagement', engagement: input.engagement },
    audience: 'admin',
    event: 'resume',
    decide: () => ({ change: { pausedStage: null, pausedAt: null } }),
    messages: ({ engagement, parties }) => {
      const key = `engagement:${engagement.id}:v${engagement.version}:resumed`;
      const words = describeStage(engagement.stage);
      return [
        [resumedForClient(parties, words), `${key}:client`],
        [resumedForSponsorSpace(parties, words), `${key}:sponsor`],
      ];
    },
    audit: ({ engagement }) => ({ action: 'engagement_resumed', details: { to: engagement.stage } }),
    reply: ({ engagement, parties }) => ({
      summary: `Engagement ${shortId(engagement)} resumed`,
      lines: [
        `Resumed ${parties.client.displayName}'s engagement ${shortId(engagement)} at ${describeStage(engagement.stage)}. The client and the sponsor thread have been told.`,
      ],
    }),
  });
  return { engagementId: engagement.id, stage: engagement.stage, reply };
}
