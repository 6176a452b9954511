import { z } from 'zod';
import { platforms } from '../../engagement/records.js';
import { applyMemberChange } from '../../spaces/space-membership.js';
import type { CoreDeps } from '../deps.js';
import { parseInput } from '../shared/parse-input.js';

export const noteMemberChangeInput = z.object({
  platform: z.enum(platforms),
  /** The workspace or tenant the event came from: a space of another organisation is never touched. */
  tenantId: z.string().min(1).max(255),
  /** The space's platform address, as the messenger stores it (Slack: `{ channel }`). */
  address: z.record(z.string(), z.string().max(255)),
  platformUserId: z.string().min(1).max(255),
  change: z.enum(['joined', 'left']),
});
export type NoteMemberChangeInput = z.input<typeof noteMemberChangeInput>;

/**
 * The platform says someone joined or left a conversation. If it is an engagement's guarded space Triad has
 * cached members of, the space rule follows: a stranger is reported, the last stranger leaving releases the
 * held messages. Conversations Triad does not know are ignored.
 */
export async function noteMemberChange(raw: NoteMemberChangeInput, deps: CoreDeps) {
  const input = parseInput(noteMemberChangeInput, raw);
  return applyMemberChange(
    {
      platform: input.platform,
      tenantId: input.tenantId,
      address: input.address,
      platformUserId: input.platformUserId,
      joined: input.change === 'joined',
    },
    deps,
  );
}
