import { z } from 'zod';
import { sponsorExpectations } from '../../messages/compose/sponsor-thread.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, resolveActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import {
  loadTriad,
  lockEngagement,
  replyPersonId,
  requireOpen,
  requireRole,
} from '../shared/engagement-access.js';
import { parseInput } from '../shared/parse-input.js';
import { logisticsReply } from '../shared/reply.js';
import { looksLikePrivateRequest } from './private-request.js';
import { privateRequestRefusal, requireSponsorTextLength, sponsorTextSchema } from './sponsor-text.js';

export const postSponsorExpectationsInput = z.object({
  actor: actorSchema,
  engagementId: z.uuid('That engagement id is not valid.'),
  text: sponsorTextSchema,
});
export type PostSponsorExpectationsInput = z.input<typeof postSponsorExpectationsInput>;

/**
 * The sponsor states expectations and desired outcomes. It is sponsor-authored, so it goes to the sponsor
 * thread as is, for the client and coach to see; Triad stores nothing but the outbox row that posts it.
 * Posting the same text twice posts it once, and audits it once.
 */
export async function postSponsorExpectations(raw: PostSponsorExpectationsInput, deps: CoreDeps) {
  const input = parseInput(postSponsorExpectationsInput, raw);
  const text = requireSponsorTextLength(input.text);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    const engagement = await lockEngagement(repos, input.engagementId);
    requireRole(engagement, resolved, 'post_sponsor_expectations');
    requireOpen(engagement, { allowPaused: true });
    const triad = await loadTriad(repos, engagement);
    const personId = replyPersonId(resolved, input.actor.platformUserId);
    if (looksLikePrivateRequest(text)) {
      await unit.audit({
        engagementId: engagement.id,
        actorId: triad.sponsor.id,
        action: 'private_request_refused',
        outcome: 'refused',
        details: { via: 'expectations' },
      });
      return {
        posted: false,
        reply: await unit.reply(privateRequestRefusal(personId, 'shared', engagement.id, triad.client)),
      };
    }
    const outboxId = await unit.send(
      sponsorExpectations(engagement, triad.sponsor, triad.client, text),
      `engagement:${engagement.id}:expectations:${deps.cipher.hashText(text).slice(-32)}`,
    );
    if (unit.isNew(outboxId)) {
      await unit.audit({
        engagementId: engagement.id,
        actorId: triad.sponsor.id,
        action: 'sponsor_expectations_posted',
        details: {},
      });
    }
    const reply = logisticsReply({
      audience: 'shared',
      personId,
      engagementId: engagement.id,
      summary: 'Expectations posted',
      lines: [
        `Posted your expectations in the sponsor thread, where ${triad.client.displayName}${triad.coach ? ` and ${triad.coach.displayName}` : ''} can see them.`,
      ],
    });
    return { posted: true, reply: await unit.reply(reply) };
  });
}
