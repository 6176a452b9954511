import { z } from 'zod';
import { entryRow } from '../../confidentiality/sealed-rows.js';
import { preparationForm } from '../../messages/compose/preparation-messages.js';
import { inTransaction } from '../../outbox/unit.js';
import { mayRead } from '../../policy/readers.js';
import { actorSchema, resolveActor } from '../actor.js';
import { idSchema, openPrivate, parseInput } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import { maxPreparationLength, meetingToPrepare } from './preparation-access.js';
import { preparationOffer } from './preparation-offer.js';

export const openPreparationFormInput = z.object({ actor: actorSchema, meetingId: idSchema });
export type OpenPreparationFormInput = z.input<typeof openPreparationFormInput>;

/** The client's private preparation form for an alignment, mid-point or closing meeting, pre-filled when edited. */
export async function openPreparationForm(raw: OpenPreparationFormInput, deps: CoreDeps) {
  const input = parseInput(openPreparationFormInput, raw);
  return inTransaction(deps, async (unit) => {
    const resolved = await resolveActor(unit.repos, deps, input.actor);
    const { meeting, engagement } = await meetingToPrepare(unit.repos, resolved, input.meetingId);
    const entry = await unit.repos.entries.findBySubject(engagement.id, 'meeting_preparation', meeting.id);
    // Pre-filled only for a reader of the entry (the policy, not the button, decides).
    const existing =
      entry && mayRead(resolved.person?.id, entry)
        ? { text: openPrivate(deps.cipher, entry, entryRow(entry)), readers: entry.readers }
        : undefined;
    const offered = await preparationOffer(unit.repos, deps.cipher, engagement);
    return {
      form: await unit.reply(
        preparationForm(meeting, engagement.clientId, maxPreparationLength, existing, offered),
      ),
    };
  });
}
