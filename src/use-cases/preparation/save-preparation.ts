import { z } from 'zod';
import { PrivateText } from '../../confidentiality/private-text.js';
import { entryRow } from '../../confidentiality/sealed-rows.js';
import { preparationSavedReply } from '../../messages/compose/preparation-messages.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, resolveActor } from '../actor.js';
import { idSchema, limitedText, openPrivate, parseInput, sealPrivate } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import { maxPreparationLength, meetingToPrepare } from './preparation-access.js';
import { preparationOffer } from './preparation-offer.js';

export const savePreparationInput = z.object({
  actor: actorSchema,
  meetingId: idSchema,
  notes: limitedText('Your notes', maxPreparationLength),
});
export type SavePreparationInput = z.input<typeof savePreparationInput>;

/**
 * The client's private notes for a meeting they own: stored encrypted, one entry per meeting (editing replaces
 * it), never shown to anyone else. Saving the same notes twice changes nothing.
 */
export async function savePreparation(raw: SavePreparationInput, deps: CoreDeps) {
  const input = parseInput(savePreparationInput, raw);
  const notes = PrivateText.of(input.notes);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    const { meeting, engagement } = await meetingToPrepare(repos, resolved, input.meetingId);
    const now = deps.clock.now();
    const existing = await repos.entries.findBySubject(engagement.id, 'meeting_preparation', meeting.id);
    const id = existing?.id ?? deps.ids.newId();
    const sealed = sealPrivate(deps.cipher, notes, entryRow({ id, engagementId: engagement.id }));
    const reply = {
      meetingId: meeting.id,
      reply: await unit.reply(
        preparationSavedReply(
          meeting,
          engagement.clientId,
          await preparationOffer(repos, deps.cipher, engagement),
        ),
      ),
    };
    if (existing && openPrivate(deps.cipher, existing, entryRow(existing)).equals(notes)) return reply;
    if (existing) {
      await repos.entries.update({ ...existing, ...sealed, version: existing.version + 1, updatedAt: now });
    } else {
      await repos.entries.insert({
        id,
        engagementId: engagement.id,
        authorId: engagement.clientId,
        kind: 'meeting_preparation',
        subjectId: meeting.id,
        ...sealed,
        readers: [engagement.clientId],
        sharedWithCoachAt: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
    }
    await unit.audit({
      engagementId: engagement.id,
      actorId: engagement.clientId,
      action: 'meeting_preparation_saved',
      details: { meetingId: meeting.id },
    });
    return reply;
  });
}
