import { z } from 'zod';
import { platforms } from '../../engagement/records.js';
import type { CoreDeps } from '../deps.js';
import { parseInput } from '../shared/parse-input.js';

const when = z.coerce.date().nullable();

export const notePresenceInput = z
  .object({
    platform: z.enum(platforms),
    /** The workspace or tenant the signed event came from: whose organisation's client this is. */
    tenantId: z.string().min(1).max(255),
    platformUserId: z.string().min(1).max(255),
    /** When the platform said it (the event's time): an older word never replaces a newer one. */
    seenAt: z.coerce.date(),
    /** The profile status as the adapter read it: away or not, and until when. Never its text. */
    status: z.object({ away: z.boolean(), expiresAt: when }).strict().optional(),
    dnd: z.object({ enabled: z.boolean(), startAt: when, endAt: when }).strict().optional(),
  })
  .strict()
  .refine((input) => input.status !== undefined || input.dnd !== undefined, 'status or dnd is required');
export type NotePresenceInput = z.input<typeof notePresenceInput>;

/**
 * The platform says a person's status or Do Not Disturb changed. Kept only for a client of an engagement not
 * closed or cancelled (someone Triad prompts), so the weekly prompt needs no call to the platform; anyone else's
 * change is not kept. Returns whether it was stored.
 */
export async function notePresence(raw: NotePresenceInput, deps: CoreDeps): Promise<{ stored: boolean }> {
  const input = parseInput(notePresenceInput, raw);
  const repos = deps.uow.read;
  const organisation = await repos.organisations.findByTenant(input.platform, input.tenantId);
  if (!organisation) return { stored: false };
  const person = await repos.people.findByPlatformUser(organisation.id, input.platformUserId);
  if (!person || !(await repos.engagements.findActiveByClient(person.id))) return { stored: false };
  await deps.uow.transaction((tx) =>
    tx.presenceRecords.save([
      {
        organisationId: organisation.id,
        platformUserId: input.platformUserId,
        seenAt: input.seenAt,
        status: input.status,
        dnd: input.dnd,
      },
    ]),
  );
  return { stored: true };
}
