import { z } from 'zod';
import { PrivateText } from '../../confidentiality/private-text.js';
import { entryRow } from '../../confidentiality/sealed-rows.js';
import { TriadError } from '../../errors.js';
import { coachNoteForm, coachNoteSavedReply } from '../../messages/compose/coach-notes.js';
import { inTransaction } from '../../outbox/unit.js';
import { mayRead } from '../../policy/readers.js';
import { actorSchema, resolveActor } from '../actor.js';
import { idSchema, limitedText, openPrivate, parseInput, sealPrivate } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import { requireOpen } from '../shared/engagement-access.js';
import { maxCoachNoteLength, sessionForNotes } from './coach-note-access.js';
import { wantsSelfCheck } from './partnering-self-check.js';

export const openCoachNoteFormInput = z.object({ actor: actorSchema, meetingId: idSchema });
export type OpenCoachNoteFormInput = z.input<typeof openCoachNoteFormInput>;

/** The coach's private note form for a held session, pre-filled with their own note when they edit it. */
export async function openCoachNoteForm(raw: OpenCoachNoteFormInput, deps: CoreDeps) {
  const input = parseInput(openCoachNoteFormInput, raw);
  return inTransaction(deps, async (unit) => {
    const resolved = await resolveActor(unit.repos, deps, input.actor);
    const { meeting, engagement, coachId } = await sessionForNotes(unit.repos, resolved, input.meetingId);
    const entry = await unit.repos.entries.findBySubject(engagement.id, 'coach_note', meeting.id);
    // Pre-filled only for a reader of the note (the policy, not the button, decides).
    const existing =
      entry && mayRead(coachId, entry)
        ? { text: openPrivate(deps.cipher, entry, entryRow(entry)), readers: entry.readers }
        : undefined;
    const zone = resolved.person?.timeZone ?? deps.settings.defaultTimeZone;
    return { form: await unit.reply(coachNoteForm(meeting, coachId, zone, maxCoachNoteLength, existing)) };
  });
}

export const saveCoachNoteInput = z.object({
  actor: actorSchema,
  meetingId: idSchema,
  notes: limitedText('Your notes', maxCoachNoteLength),
});
export type SaveCoachNoteInput = z.input<typeof saveCoachNoteInput>;

/**
 * The coach's private note on a held session: stored encrypted, one entry per session (editing replaces it),
 * readable by that coach alone — never the client, the sponsor, HR or a later coach — and deleted with the
 * engagement. Saving the same note twice changes nothing.
 */
export async function saveCoachNote(raw: SaveCoachNoteInput, deps: CoreDeps) {
  const input = parseInput(saveCoachNoteInput, raw);
  const notes = PrivateText.of(input.notes);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    const { meeting, engagement, coachId } = await sessionForNotes(repos, resolved, input.meetingId);
    requireOpen(engagement, { allowPaused: true });
    const now = deps.clock.now();
    const existing = await repos.entries.findBySubject(engagement.id, 'coach_note', meeting.id);
    if (existing && !mayRead(coachId, existing)) {
      // Defence in depth (sessionForNotes admits only the coach who held the session): never overwrite another's.
      throw new TriadError('not_authorised', 'Notes on that session belong to the coach who held it.');
    }
    const id = existing?.id ?? deps.ids.newId();
    const unchanged = existing && openPrivate(deps.cipher, existing, entryRow(existing)).equals(notes);
    if (!unchanged) {
      const sealed = sealPrivate(deps.cipher, notes, entryRow({ id, engagementId: engagement.id }));
      if (existing) {
        await repos.entries.update({ ...existing, ...sealed, version: existing.version + 1, updatedAt: now });
      } else {
        await repos.entries.insert({
          id,
          engagementId: engagement.id,
          authorId: coachId,
          kind: 'coach_note',
          subjectId: meeting.id,
          ...sealed,
          readers: [coachId],
          sharedWithCoachAt: null,
          version: 1,
          createdAt: now,
          updatedAt: now,
        });
      }
      await unit.audit({
        engagementId: engagement.id,
        actorId: coachId,
        action: existing ? 'coach_note_edited' : 'coach_note_saved',
        details: { meetingId: meeting.id, entryId: id },
      });
    }
    const selfCheck = await wantsSelfCheck(unit, engagement.id, coachId);
    return {
      meetingId: meeting.id,
      entryId: id,
      reply: await unit.reply(coachNoteSavedReply(meeting, coachId, selfCheck)),
    };
  });
}
