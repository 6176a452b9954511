import { PrivateText, revealPrivateText } from '../../confidentiality/private-text.js';
import type { Engagement, PrivateEntry, ReflectionPrompt } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import { maxAnswerLength } from '../../messages/compose/reflection-replies.js';
import type { Unit } from '../../outbox/unit.js';
import { openPrivate, sealPrivate } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';

export interface SavedAnswer {
  entry: PrivateEntry;
  edited: boolean;
}

/**
 * Stores the client's answer to a prompt as one encrypted private entry (kind 'reflection_answer', subject the
 * prompt). Answering again updates that entry and bumps its version — never a second entry. `append` adds the
 * text to an earlier answer (a second typed DM message) instead of replacing it.
 */
export async function saveAnswer(
  unit: Unit,
  deps: CoreDeps,
  engagement: Engagement,
  prompt: ReflectionPrompt,
  text: PrivateText,
  mode: 'replace' | 'append',
): Promise<SavedAnswer> {
  const { repos } = unit;
  const now = deps.clock.now();
  const existing = await repos.entries.findBySubject(engagement.id, 'reflection_answer', prompt.id);
  let entry: PrivateEntry;
  if (existing) {
    const combined =
      mode === 'append'
        ? PrivateText.of(
            `${revealPrivateText(openPrivate(deps.cipher, existing))}\n\n${revealPrivateText(text)}`,
          )
        : text;
    if (combined.length > maxAnswerLength) {
      throw new TriadError(
        'text_too_long',
        `Together with your earlier answer this would be ${combined.length} characters; the limit is ${maxAnswerLength}.`,
        'Edit your answer with the Edit button instead — nothing was saved.',
      );
    }
    const sealed = sealPrivate(deps.cipher, combined);
    // sharedWithCoachAt tells whether the current text was shared; an edit can be shared again. The edited
    // text is the client's alone until they share it: a coach read only the text shared with them.
    entry = {
      ...existing,
      ...sealed,
      readers: [existing.authorId],
      sharedWithCoachAt: null,
      version: existing.version + 1,
      updatedAt: now,
    };
    await repos.entries.update(entry);
  } else {
    entry = {
      id: deps.ids.newId(),
      engagementId: engagement.id,
      authorId: engagement.clientId,
      kind: 'reflection_answer',
      subjectId: prompt.id,
      ...sealPrivate(deps.cipher, text),
      readers: [engagement.clientId],
      sharedWithCoachAt: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await repos.entries.insert(entry);
  }
  if (prompt.status !== 'answered') {
    await repos.prompts.update({ ...prompt, status: 'answered', snoozedUntil: null });
  }
  await unit.audit({
    engagementId: engagement.id,
    actorId: engagement.clientId,
    action: existing ? 'reflection_answer_edited' : 'reflection_answer_saved',
    details: { promptId: prompt.id, entryId: entry.id, version: entry.version },
  });
  unit.touch(engagement.id);
  return { entry, edited: existing !== undefined };
}
