import { z } from 'zod';
import { platforms } from '../../engagement/records.js';
import type { CoreDeps } from '../deps.js';
import { parseInput } from '../shared/parse-input.js';

export const tenantOfSpaceInput = z.object({
  platform: z.enum(platforms),
  /** A conversation's platform address, as the messenger stores it (Slack: `{ channel }`). */
  address: z.record(z.string(), z.string().min(1).max(255)),
});
export type TenantOfSpaceInput = z.input<typeof tenantOfSpaceInput>;

/**
 * The workspace or tenant whose engagement a conversation is a space of, or undefined when it is none of
 * Triad's. A Slack Connect channel is shared by several organisations under one id, and a person of another
 * organisation acting in it arrives with their own team: the space's organisation says whose request it is.
 */
export async function tenantOfSpace(raw: TenantOfSpaceInput, deps: Pick<CoreDeps, 'uow'>) {
  const input = parseInput(tenantOfSpaceInput, raw);
  const repos = deps.uow.read;
  const space = await repos.spaces.findByAddress(input.platform, input.address);
  if (!space) return undefined;
  const engagement = await repos.engagements.get(space.engagementId);
  const organisation = engagement ? await repos.organisations.get(engagement.organisationId) : undefined;
  return organisation?.platformTenantId;
}
