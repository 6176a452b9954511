import { describe, expect, it } from 'vitest';
import { revealPrivateText } from '../../../src/confidentiality/private-text.js';
import { questionText } from '../../../src/prompts/prompt-bank.js';
import { exportMyData } from '../../../src/use-cases/client/export-my-data.js';
import { draftGoal } from '../../../src/use-cases/goals/draft-goal.js';
import { savePreparation } from '../../../src/use-cases/preparation/save-preparation.js';
import { answerPrompt } from '../../../src/use-cases/reflections/answer-prompt.js';
import { confirmRelease } from '../../../src/use-cases/releases/confirm-release.js';
import { previewRelease } from '../../../src/use-cases/releases/preview-release.js';
import { purgeExpiredEngagements } from '../../../src/use-cases/retention/purge-expired-engagements.js';
import { actors, firstPromptDue, type Role, textOf, triadIn, week } from './triad-fixture.js';

async function withData() {
  const triad = await triadIn();
  const promptId = await triad.issue();
  await answerPrompt({ actor: actors.client, promptId, text: 'My reflection' }, triad.core);
  const { entryId } = await draftGoal(
    { actor: actors.client, goal: 'Lead', successMeasure: 'Led' },
    triad.core,
  );
  const { releaseId } = await previewRelease({ actor: actors.client, entryId }, triad.core);
  await confirmRelease({ actor: actors.client, releaseId }, triad.core);
  const meeting = await triad.scheduleMeeting('closing', new Date('2027-01-20T10:00:00Z'));
  await savePreparation(
    { actor: actors.client, meetingId: meeting.id, notes: 'Celebrate the plan' },
    triad.core,
  );
  const prompt = await triad.core.uow.read.prompts.get(promptId);
  return { triad, question: questionText(prompt?.questionId ?? '') };
}

describe('exportMyData', () => {
  it('gives the client their reflections, goals and shared items as a JSON file with a short private reply', async () => {
    const { triad, question } = await withData();
    const result = await exportMyData({ actor: actors.client }, triad.core);
    expect(result.reply.destination).toMatchObject({ kind: 'reply', audience: 'private' });
    const note = textOf(result.reply.blocks);
    expect(note).toContain('triad-export-2026-11-23.json');
    expect(note).toContain('1 reflections, 1 goals, 1 meeting notes and 1 shared items');
    for (const inFileOnly of ['My reflection', 'Lead', 'Celebrate the plan']) {
      expect(note).not.toContain(inFileOnly);
    }
    const file = result.reply.file;
    expect(file).toMatchObject({ name: 'triad-export-2026-11-23.json', mimeType: 'application/json' });
    expect(file?.content).toEqual([
      expect.objectContaining({ kind: 'private', engagementId: triad.engagementId }),
    ]);
    const content = file?.content[0];
    if (content?.kind !== 'private') throw new Error('the export is not private text');
    expect(String(content.text)).toBe('[private text]');
    const data = JSON.parse(revealPrivateText(content.text));
    expect(JSON.stringify(data)).toContain(question);
    expect(data.reflections).toEqual([
      expect.objectContaining({
        question,
        answer: 'My reflection',
        status: 'answered',
        askedAt: expect.any(String),
      }),
    ]);
    expect(data.goals).toEqual([expect.objectContaining({ goal: 'Lead', successMeasure: 'Led' })]);
    expect(data.preparations).toEqual([
      expect.objectContaining({
        meeting: 'closing',
        notes: 'Celebrate the plan',
        meetingAt: '2027-01-20T10:00:00.000Z',
      }),
    ]);
    expect(data.releases).toEqual([
      expect.objectContaining({ status: 'released', text: 'Goal: Lead\nSuccess measure: Led' }),
    ]);
    const audit = await triad.core.uow.read.audit.listByEngagement(triad.engagementId);
    expect(JSON.stringify(audit)).not.toContain('My reflection');
    expect(triad.core.logLines.join('')).not.toContain('My reflection');
  });

  it('works after the engagement closed, until it is purged', async () => {
    const { triad } = await withData();
    const purgeAfter = new Date('2026-12-31T00:00:00Z');
    await triad.setStage('closed', { closedAt: triad.core.clock.now(), purgeAfter });
    const closed = await exportMyData({ actor: actors.client }, triad.core);
    expect(textOf(closed.reply)).toContain('My reflection');
    expect(textOf(closed.reply.blocks)).toContain('Triad deletes your data on 31 Dec 2026');
    await purgeExpiredEngagements({ now: new Date('2027-01-01T00:00:00Z') }, triad.core);
    await expect(exportMyData({ actor: actors.client }, triad.core)).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('deleted after the retention period'),
    });
  });

  it('holds a whole year of long answers, byte for byte, in JSON that parses', async () => {
    const triad = await triadIn();
    const answers: string[] = [];
    for (let i = 0; i < 52; i += 1) {
      const promptId = await triad.issue(new Date(firstPromptDue.getTime() + i * week));
      const text = `Week ${i + 1} «${'é✓ '.repeat(10)}» ${'x'.repeat(1950)} end-of-week-${i + 1}`;
      answers.push(text);
      await answerPrompt({ actor: actors.client, promptId, text }, triad.core);
    }
    const goals = [1, 2, 3].map((n) => ({
      goal: `Goal ${n} ${'g'.repeat(950)}`,
      successMeasure: `Measure ${n}`,
    }));
    for (const goal of goals) await draftGoal({ actor: actors.client, ...goal }, triad.core);

    const { reply } = await exportMyData({ actor: actors.client }, triad.core);
    const content = reply.file?.content[0];
    if (content?.kind !== 'private') throw new Error('no export file');
    const data = JSON.parse(revealPrivateText(content.text));

    expect(data.reflections.map((r: { answer: string }) => r.answer)).toEqual(answers);
    expect(data.goals.map((g: { goal: string }) => g.goal).sort()).toEqual(goals.map((g) => g.goal));
    expect(Buffer.byteLength(revealPrivateText(content.text))).toBeGreaterThan(52 * 2000);
    expect(textOf(reply.blocks)).toContain('52 reflections, 3 goals');
    expect(textOf(reply.blocks)).not.toContain('end-of-week');
  });

  it('answers only in the client’s DM', async () => {
    const { triad } = await withData();
    await expect(
      exportMyData({ actor: actors.client, surface: 'sponsor' }, triad.core),
    ).rejects.toMatchObject({
      code: 'not_authorised',
    });
  });

  it.each<[Role, string]>([
    ['sponsor', 'not_found'],
    ['coach', 'not_found'],
    ['hr', 'not_found'],
    ['stranger', 'not_found'],
  ])('others have nothing to export from it: the %s gets %s', async (role, code) => {
    const { triad } = await withData();
    await expect(exportMyData({ actor: actors[role] }, triad.core)).rejects.toMatchObject({ code });
    await expect(
      exportMyData({ actor: actors[role], engagementId: triad.engagementId }, triad.core),
    ).rejects.toMatchObject({ code: role === 'stranger' ? 'not_found' : 'not_authorised' });
  });
});
