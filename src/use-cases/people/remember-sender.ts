import { z } from 'zod';
import { isValidZone } from '../../engagement/meeting-time.js';
import { type Person, platforms } from '../../engagement/records.js';
import { addressKey } from '../../spaces/space-membership.js';
import type { CoreDeps } from '../deps.js';
import { parseInput } from '../shared/parse-input.js';

export const rememberSenderInput = z.object({
  platform: z.enum(platforms),
  tenantId: z.string().min(1).max(255),
  platformUserId: z.string().min(1).max(255),
  /**
   * The sender's id in their platform's directory (Teams: the Entra object id), when the platform says. A person
   * named by it before the platform first told Triad their platform id (someone who had never opened Triad) is
   * known by their platform id from now on.
   */
  directoryId: z.string().min(1).max(255).optional().catch(undefined),
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
  if (!organisation) return;
  const person =
    (await repos.people.findByPlatformUser(organisation.id, input.platformUserId)) ??
    (await firstContact(organisation.id, input, deps));
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

/**
 * The person named by their directory id until now, known by their platform id from this request on; undefined
 * when nobody was named so. A concurrent request that did it first leaves the row as it made it.
 */
async function firstContact(
  organisationId: string,
  input: { platformUserId: string; directoryId?: string | undefined },
  deps: CoreDeps,
): Promise<Person | undefined> {
  const directoryId = input.directoryId?.toLowerCase();
  if (!directoryId || directoryId === input.platformUserId) return undefined;
  const named = await deps.uow.read.people.findByPlatformUser(organisationId, directoryId);
  if (!named) return undefined;
  try {
    await deps.uow.transaction((tx) => tx.people.setPlatformUserId(named.id, input.platformUserId));
  } catch (error) {
    deps.logger.warn({ personId: named.id, err: (error as Error)?.name }, 'person already known by their id');
  }
  deps.logger.info({ personId: named.id }, 'person reached for the first time');
  return deps.uow.read.people.findByPlatformUser(organisationId, input.platformUserId);
}
