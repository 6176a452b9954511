import { z } from 'zod';
import { formatDate } from '../../engagement/meeting-time.js';
import { endedForClient, endedForSponsorSpace } from '../../messages/compose/hr-lifecycle.js';
import { shortId } from '../../messages/compose/text.js';
import { actorSchema } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { engagementRefSchema } from '../shared/engagement-access.js';
import { parseInput } from '../shared/parse-input.js';
import { transitionEngagement } from '../shared/transition-engagement.js';

export const endEngagementInput = z.object({ actor: actorSchema, engagement: engagementRefSchema });
export type EndEngagementInput = z.infer<typeof endEngagementInput>;

/**
 * HR ends an engagement: closed once coaching is under way (coaching or closing, also when paused there),
 * cancelled before. Open meetings are cancelled, private content is purged after the retention period.
 */
export async function endEngagement(raw: EndEngagementInput, deps: CoreDeps) {
  const input = parseInput(endEngagementInput, raw);
  const { engagement, reply } = await transitionEngagement(deps, {
    actor: input.actor,
    access: { hr: 'end_engagement', engagement: input.engagement },
    audience: 'admin',
    event: 'end',
    messages: ({ engagement, parties, now }) => {
      const outcome = engagement.stage === 'closed' ? 'closed' : 'cancelled';
      const key = `engagement:${engagement.id}:ended`;
      return [
        [endedForClient(parties, outcome, engagement.purgeAfter ?? now), `${key}:client`],
        [endedForSponsorSpace(parties, outcome, true), `${key}:sponsor`],
      ];
    },
    audit: ({ current, engagement, cancelledMeetings }) => ({
      action: 'engagement_ended',
      details: { from: current.stage, to: engagement.stage, cancelledMeetings },
    }),
    reply: ({ engagement, parties, cancelledMeetings, resolved, now }) => {
      const hrZone = resolved.person?.timeZone ?? deps.settings.defaultTimeZone;
      return {
        summary: `Engagement ${shortId(engagement)} ${engagement.stage}`,
        lines: [
          `${parties.client.displayName}'s engagement ${shortId(engagement)} is ${engagement.stage}. ${cancelledMeetings} open meeting(s) cancelled; the client and the sponsor thread have been told.`,
        ],
        notes: [`Private content will be deleted after ${formatDate(engagement.purgeAfter ?? now, hrZone)}.`],
      };
    },
  });
  return { engagementId: engagement.id, stage: engagement.stage, reply };
}
