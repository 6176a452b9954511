import { z } from 'zod';
import { entryRow } from '../../confidentiality/sealed-rows.js';
import type { PrivateEntry } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import { coachNotesList, type NoteLine } from '../../messages/compose/coach-notes.js';
import { inTransaction } from '../../outbox/unit.js';
import { mayRead } from '../../policy/readers.js';
import { actorSchema, resolveActor } from '../actor.js';
import { openPrivate, parseInput } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import { replyPersonId } from '../shared/engagement-access.js';

export const listCoachNotesInput = z.object({
  actor: actorSchema,
  /** The engagement whose notes to show; the one with the latest note when absent. */
  engagementId: z.uuid('That engagement id is not valid.').optional(),
});
export type ListCoachNotesInput = z.input<typeof listCoachNotesInput>;

/**
 * The `notes` word: the sender's own private session notes, read by the one read policy (a note's readers are
 * the coach who wrote it), for one engagement at a time — newest first — with a button for each other
 * engagement they kept notes in. A former coach still reads the notes they wrote; nobody else reads them, and
 * anyone without notes is told how notes are kept, changing nothing.
 */
export async function listCoachNotes(raw: ListCoachNotesInput, deps: CoreDeps) {
  const input = parseInput(listCoachNotesInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    const personId = replyPersonId(resolved, input.actor.platformUserId);
    const zone = resolved.person?.timeZone ?? deps.settings.defaultTimeZone;
    const mine = resolved.person
      ? (await repos.entries.listByAuthor(resolved.person.id, 'coach_note')).filter((e) =>
          mayRead(personId, e),
        )
      : [];
    const byEngagement = new Map<string, PrivateEntry[]>();
    for (const entry of [...mine].reverse()) {
      byEngagement.set(entry.engagementId, [...(byEngagement.get(entry.engagementId) ?? []), entry]);
    }
    if (input.engagementId && !byEngagement.has(input.engagementId)) {
      throw new TriadError(
        'not_found',
        'I can’t find notes of yours for that engagement.',
        'Type “notes” in your DM with Triad to see the notes you kept.',
      );
    }
    const shownId = input.engagementId ?? [...byEngagement.keys()][0];
    const clientNames = new Map<string, string>();
    for (const engagementId of byEngagement.keys()) {
      const engagement = await repos.engagements.get(engagementId);
      const client = engagement ? await repos.people.get(engagement.clientId) : undefined;
      clientNames.set(engagementId, client?.displayName ?? 'your client');
    }
    const lines: NoteLine[] = [];
    for (const entry of shownId ? (byEngagement.get(shownId) ?? []) : []) {
      const meeting = entry.subjectId ? await repos.meetings.get(entry.subjectId) : undefined;
      lines.push({
        engagementId: entry.engagementId,
        clientName: clientNames.get(entry.engagementId) ?? 'your client',
        sessionAt: meeting?.startsAt ?? null,
        text: openPrivate(deps.cipher, entry, entryRow(entry)),
        readers: entry.readers,
      });
    }
    const others = [...byEngagement.keys()]
      .filter((id) => id !== shownId)
      .map((id) => ({ engagementId: id, clientName: clientNames.get(id) ?? 'your client' }));
    const message = coachNotesList(personId, zone, lines, { engagementId: shownId, others });
    return { reply: await unit.reply(message) };
  });
}
