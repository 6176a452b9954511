import { z } from 'zod';
import { TriadError } from '../../errors.js';
import { sponsorExpectationsForm } from '../../messages/compose/sponsor-thread.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, resolveActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { loadTriad, requireOpen, requireRole } from '../shared/engagement-access.js';
import { parseInput } from '../shared/parse-input.js';

export const openExpectationsFormInput = z.object({
  actor: actorSchema,
  engagementId: z.uuid('That engagement id is not valid.'),
});
export type OpenExpectationsFormInput = z.infer<typeof openExpectationsFormInput>;

/** The sponsor pressed "Share expectations": the form (modal / card) whose submission is postSponsorExpectations. */
export async function openExpectationsForm(raw: OpenExpectationsFormInput, deps: CoreDeps) {
  const input = parseInput(openExpectationsFormInput, raw);
  return inTransaction(deps, async (unit) => {
    const resolved = await resolveActor(unit.repos, deps, input.actor);
    const engagement = await unit.repos.engagements.get(input.engagementId);
    if (!engagement) throw new TriadError('not_found', 'I can’t find that engagement.');
    requireRole(engagement, resolved, 'post_sponsor_expectations');
    requireOpen(engagement, { allowPaused: true });
    const triad = await loadTriad(unit.repos, engagement);
    return { reply: await unit.reply(sponsorExpectationsForm(engagement, triad.sponsor, triad.client)) };
  });
}
