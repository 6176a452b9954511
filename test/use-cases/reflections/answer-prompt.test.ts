import { describe, expect, it } from 'vitest';
import { isPrivateText, revealPrivateText } from '../../../src/confidentiality/private-text.js';
import { entryRow } from '../../../src/confidentiality/sealed-rows.js';
import { answerFromPlainMessage } from '../../../src/use-cases/reflections/answer-from-plain-message.js';
import { answerPrompt } from '../../../src/use-cases/reflections/answer-prompt.js';
import { openAnswerForm } from '../../../src/use-cases/reflections/open-answer-form.js';
import {
  actors,
  buttonsOf,
  firstPromptDue,
  type Role,
  textOf,
  triadIn,
  week,
} from '../client/triad-fixture.js';

const secret = 'I doubt my sponsor trusts me';

async function storedAnswer(triad: Awaited<ReturnType<typeof triadIn>>, promptId: string) {
  const entry = await triad.core.uow.read.entries.findBySubject(
    triad.engagementId,
    'reflection_answer',
    promptId,
  );
  return entry && { entry, text: triad.core.cipher.open(entry, entryRow(entry)) };
}

describe('answerPrompt and openAnswerForm', () => {
  it('stores the answer encrypted and confirms without quoting it', async () => {
    const triad = await triadIn();
    const promptId = await triad.issue();
    const result = await answerPrompt({ actor: actors.client, promptId, text: secret }, triad.core);
    const stored = await storedAnswer(triad, promptId);
    expect(stored?.text).toBe(secret);
    expect(stored?.entry).toMatchObject({ kind: 'reflection_answer', version: 1, subjectId: promptId });
    expect(JSON.stringify(triad.uow.dumpRows())).not.toContain(secret);
    expect(textOf(result.reply)).not.toContain(secret);
    expect(result.reply.destination).toMatchObject({ kind: 'reply', audience: 'private' });
    expect(buttonsOf(result.reply)).toMatchObject({
      'reflection.answer': promptId,
      'reflection.share_with_coach': promptId,
      'release.preview': result.entryId,
    });
    expect((await triad.core.uow.read.prompts.get(promptId))?.status).toBe('answered');
  });

  it('editing updates the same entry and bumps its version; the form shows the earlier answer to the client only', async () => {
    const triad = await triadIn();
    const promptId = await triad.issue();
    const blank = await openAnswerForm({ actor: actors.client, promptId }, triad.core);
    expect(blank.form.fields[0]).not.toHaveProperty('initial');
    await answerPrompt({ actor: actors.client, promptId, text: secret }, triad.core);
    const { form } = await openAnswerForm({ actor: actors.client, promptId }, triad.core);
    const initial = form.fields[0]?.type === 'text' ? form.fields[0].initial : undefined;
    expect(initial?.kind).toBe('private');
    expect(isPrivateText(initial?.text) && revealPrivateText(initial.text)).toBe(secret);
    expect(form.context).toEqual({ promptId });
    await answerPrompt({ actor: actors.client, promptId, text: 'Second thoughts' }, triad.core);
    const entries = await triad.core.uow.read.entries.listByEngagement(
      triad.engagementId,
      'reflection_answer',
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]?.version).toBe(2);
    expect((await storedAnswer(triad, promptId))?.text).toBe('Second thoughts');
  });

  it('a retried submission with the same request key changes nothing', async () => {
    const triad = await triadIn();
    const promptId = await triad.issue();
    await answerPrompt({ actor: actors.client, promptId, text: secret, requestKey: 'view-1' }, triad.core);
    const retry = await answerPrompt(
      { actor: actors.client, promptId, text: 'other', requestKey: 'view-1' },
      triad.core,
    );
    expect(retry.duplicate).toBe(true);
    expect((await storedAnswer(triad, promptId))?.entry.version).toBe(1);
  });

  it.each([
    ['over 3000 characters', 'x'.repeat(3001), 'text_too_long', '3000'],
    ['empty', '   ', 'validation_failed', 'empty'],
  ])('refuses an answer %s readably and saves nothing', async (_name, text, code, words) => {
    const triad = await triadIn();
    const promptId = await triad.issue();
    await expect(answerPrompt({ actor: actors.client, promptId, text }, triad.core)).rejects.toMatchObject({
      code,
      message: expect.stringContaining(words),
    });
    expect(await storedAnswer(triad, promptId)).toBeUndefined();
  });

  it('accepts exactly 3000 characters', async () => {
    const triad = await triadIn();
    const promptId = await triad.issue();
    await answerPrompt({ actor: actors.client, promptId, text: 'y'.repeat(3000) }, triad.core);
    expect((await storedAnswer(triad, promptId))?.text).toHaveLength(3000);
  });

  it.each<[Role, string]>([
    ['sponsor', 'not_authorised'],
    ['coach', 'not_authorised'],
    ['hr', 'not_authorised'],
    ['stranger', 'not_found'],
  ])('only the client may answer or open the form: the %s gets %s', async (role, code) => {
    const triad = await triadIn();
    const promptId = await triad.issue();
    await answerPrompt({ actor: actors.client, promptId, text: secret }, triad.core);
    await expect(
      answerPrompt({ actor: actors[role], promptId, text: 'x' }, triad.core),
    ).rejects.toMatchObject({ code });
    await expect(openAnswerForm({ actor: actors[role], promptId }, triad.core)).rejects.toMatchObject({
      code,
    });
    expect((await storedAnswer(triad, promptId))?.text).toBe(secret);
  });

  it.each(['closed', 'cancelled'] as const)('refuses answers once the engagement is %s', async (stage) => {
    const triad = await triadIn();
    const promptId = await triad.issue();
    await triad.setStage(stage);
    await expect(
      answerPrompt({ actor: actors.client, promptId, text: 'late' }, triad.core),
    ).rejects.toMatchObject({
      code: 'illegal_transition',
    });
  });

  it('still takes answers while the engagement is paused', async () => {
    const triad = await triadIn();
    const promptId = await triad.issue();
    await triad.setStage('paused', { pausedStage: 'coaching' });
    await answerPrompt({ actor: actors.client, promptId, text: secret }, triad.core);
    expect((await storedAnswer(triad, promptId))?.text).toBe(secret);
  });

  it('never logs the answer', async () => {
    const triad = await triadIn();
    const promptId = await triad.issue();
    await answerPrompt({ actor: actors.client, promptId, text: secret }, triad.core);
    await expect(
      answerPrompt({ actor: actors.sponsor, promptId, text: secret }, triad.core),
    ).rejects.toThrow();
    expect(triad.core.logLines.join('')).not.toContain(secret);
  });
});

describe('answerFromPlainMessage', () => {
  it('attaches a typed DM message to the open prompt and gives the history notice once', async () => {
    const triad = await triadIn();
    const promptId = await triad.issue();
    const first = await answerFromPlainMessage({ actor: actors.client, text: secret }, triad.core);
    expect(first.saved).toBe(true);
    expect(textOf(first.reply)).toContain('workspace administrators can export');
    expect(textOf(first.reply)).not.toContain(secret);
    const second = await answerFromPlainMessage({ actor: actors.client, text: 'and more' }, triad.core);
    expect(textOf(second.reply)).not.toContain('workspace administrators can export');
    expect(textOf(second.reply)).toContain('added your message');
    expect((await storedAnswer(triad, promptId))?.text).toBe(`${secret}\n\nand more`);
    const audit = await triad.core.uow.read.audit.listByEngagement(triad.engagementId);
    expect(audit.filter((a) => a.action === 'dm_history_notice_given')).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it('the notice is not repeated in a later cycle', async () => {
    const triad = await triadIn();
    await triad.issue();
    await answerFromPlainMessage({ actor: actors.client, text: 'one' }, triad.core);
    await triad.issue(new Date(firstPromptDue.getTime() + week));
    const later = await answerFromPlainMessage({ actor: actors.client, text: 'two' }, triad.core);
    expect(later.saved).toBe(true);
    expect(textOf(later.reply)).not.toContain('workspace administrators');
  });

  it('saves nothing when no question is open', async () => {
    const triad = await triadIn();
    const result = await answerFromPlainMessage({ actor: actors.client, text: secret }, triad.core);
    expect(result.saved).toBe(false);
    expect(textOf(result.reply)).toContain('did not save');
    expect(await triad.core.uow.read.entries.listByEngagement(triad.engagementId)).toHaveLength(0);
  });

  it('ignores a retried platform event', async () => {
    const triad = await triadIn();
    const promptId = await triad.issue();
    await answerFromPlainMessage({ actor: actors.client, text: 'once', requestKey: 'ev1' }, triad.core);
    const retry = await answerFromPlainMessage(
      { actor: actors.client, text: 'once', requestKey: 'ev1' },
      triad.core,
    );
    expect(retry.saved).toBe(false);
    expect((await storedAnswer(triad, promptId))?.text).toBe('once');
  });

  it('refuses an appended answer that would pass 3000 characters', async () => {
    const triad = await triadIn();
    await triad.issue();
    await answerFromPlainMessage({ actor: actors.client, text: 'a'.repeat(2000) }, triad.core);
    await expect(
      answerFromPlainMessage({ actor: actors.client, text: 'b'.repeat(1500) }, triad.core),
    ).rejects.toMatchObject({ code: 'text_too_long' });
  });

  it('a sponsor typing to the bot has no engagement as client', async () => {
    const triad = await triadIn();
    await triad.issue();
    await expect(
      answerFromPlainMessage({ actor: actors.sponsor, text: 'hi' }, triad.core),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
