import { z } from 'zod';
import { isValidZone } from '../../engagement/meeting-time.js';
import { platforms } from '../../engagement/records.js';
import { addressKey } from '../../spaces/space-membership.js';
import type { CoreDeps } from '../deps.js';
import { parseInput } from '../shared/parse-input.js';

export const rememberSenderInput = z.object({
  platform: z.enum(platforms),
  tenantId: z.string().min(1).max(255),
  platformUserId: z.string().min(1).max(255),
  /**
   * The sender's time zone, when the platform reports it with the request (Teams does, for the sender only).
   * Anything that is not a short string is ignored like an unknown zone: it never stops the request.
   */
  timeZone: z.string().max(100).optional().catch(undefined),
  /** The address of the sender's 1:1 chat with Triad, when the request came from it. */
  directAddress: z.record(z.string(), z.unknown()).optional(),
});
export type RememberSenderInput = z.input<typeof rememberSenderInput>;

/**
 * Keeps what a platform tells Triad about a person it knows up to date, before their request runs:
 * - their time zone, so times are shown in it (an unknown zone is ignored);
 * - their 1:1 chat with Triad, so proactive messages reach them there. Kept in Postgres, never in memory.
 * Written only when something changed; a person Triad does not know is not added.
 */
export async function rememberSender(raw: RememberSenderInput, deps: CoreDeps): Promise<void> {
  const input = parseInput(rememberSenderInput, raw);
  const repos = deps.uow.read;
  const organisation = await repos.organisations.findByTenant(input.platform, input.tenantId);
  const person =
    organisation && (await repos.people.findByPlatformUser(organisation.id, input.platformUserId));
  if (!person) return;
  const zone = input.timeZone && isValidZone(input.timeZone) ? input.timeZone : undefined;
  if (zone && zone !== person.timeZone) {
    await deps.uow.transaction((tx) =>
      tx.people.upsert({ ...person, timeZone: zone, updatedAt: deps.clock.now() }),
    );
  }
  const address = input.directAddress;
  if (!address || addressKey(input.platform, person.directAddress) === addressKey(input.platform, address))
    return;
  await deps.uow.transaction((tx) => tx.people.setDirectAddress(person.id, address));
}
