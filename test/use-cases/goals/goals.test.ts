import { describe, expect, it } from 'vitest';
import { isPrivateText, revealPrivateText } from '../../../src/confidentiality/private-text.js';
import { entryRow } from '../../../src/confidentiality/sealed-rows.js';
import { draftGoal } from '../../../src/use-cases/goals/draft-goal.js';
import { editGoal } from '../../../src/use-cases/goals/edit-goal.js';
import { listMyGoals } from '../../../src/use-cases/goals/list-my-goals.js';
import { openGoalForm } from '../../../src/use-cases/goals/open-goal-form.js';
import { actors, buttonsOf, type Role, textOf, triadIn } from '../client/triad-fixture.js';

const goal = { goal: 'Delegate the quarterly plan', successMeasure: 'Team presents it without me' };

describe('draftGoal and editGoal', () => {
  it('stores goal and success measure together, encrypted, in one private entry', async () => {
    const triad = await triadIn('alignment');
    const result = await draftGoal({ actor: actors.client, ...goal }, triad.core);
    const entry = await triad.core.uow.read.entries.get(result.entryId);
    expect(entry).toMatchObject({ kind: 'goal', version: 1, engagementId: triad.engagementId });
    expect(JSON.parse(triad.core.cipher.open(entry as never, entryRow(entry as never)))).toEqual(goal);
    const rows = JSON.stringify(triad.uow.dumpRows());
    expect(rows).not.toContain(goal.goal);
    expect(rows).not.toContain(goal.successMeasure);
    expect(textOf(result.reply)).not.toContain(goal.goal);
    expect(buttonsOf(result.reply)).toEqual({
      'goal.edit': result.entryId,
      'release.preview': result.entryId,
    });
  });

  it('editing bumps the version of the same entry', async () => {
    const triad = await triadIn('kickoff');
    const { entryId } = await draftGoal({ actor: actors.client, ...goal }, triad.core);
    const edited = await editGoal(
      { actor: actors.client, entryId, goal: 'Delegate two plans', successMeasure: goal.successMeasure },
      triad.core,
    );
    expect(edited.version).toBe(2);
    const entries = await triad.core.uow.read.entries.listByEngagement(triad.engagementId, 'goal');
    expect(entries).toHaveLength(1);
    expect(JSON.parse(triad.core.cipher.open(entries[0] as never, entryRow(entries[0] as never))).goal).toBe(
      'Delegate two plans',
    );
  });

  it('a double submit with the same request key drafts one goal', async () => {
    const triad = await triadIn();
    const first = await draftGoal({ actor: actors.client, ...goal, requestKey: 'v1' }, triad.core);
    const again = await draftGoal({ actor: actors.client, ...goal, requestKey: 'v1' }, triad.core);
    expect(again).toMatchObject({ duplicate: true, entryId: first.entryId });
    expect(await triad.core.uow.read.entries.listByEngagement(triad.engagementId, 'goal')).toHaveLength(1);
  });

  it.each([
    ['a goal over 1000 characters', { ...goal, goal: 'g'.repeat(1001) }, 'text_too_long', 'The goal'],
    [
      'a measure over 1000 characters',
      { ...goal, successMeasure: 'm'.repeat(1001) },
      'text_too_long',
      'success measure',
    ],
    ['an empty goal', { ...goal, goal: ' ' }, 'validation_failed', 'empty'],
  ])('refuses %s readably', async (_name, input, code, words) => {
    const triad = await triadIn();
    await expect(draftGoal({ actor: actors.client, ...input }, triad.core)).rejects.toMatchObject({
      code,
      message: expect.stringContaining(words),
    });
    expect(await triad.core.uow.read.entries.listByEngagement(triad.engagementId)).toHaveLength(0);
  });

  it.each<[Role, string]>([
    ['sponsor', 'not_found'],
    ['coach', 'not_found'],
    ['hr', 'not_found'],
    ['stranger', 'not_found'],
  ])('drafting needs an engagement as client: the %s gets %s', async (role, code) => {
    const triad = await triadIn();
    await expect(draftGoal({ actor: actors[role], ...goal }, triad.core)).rejects.toMatchObject({ code });
  });

  it.each<[Role, string]>([
    ['sponsor', 'not_authorised'],
    ['coach', 'not_authorised'],
    ['hr', 'not_authorised'],
    ['stranger', 'not_found'],
  ])('only the client may edit or open their goal: the %s gets %s', async (role, code) => {
    const triad = await triadIn();
    const { entryId } = await draftGoal({ actor: actors.client, ...goal }, triad.core);
    await expect(editGoal({ actor: actors[role], entryId, ...goal }, triad.core)).rejects.toMatchObject({
      code,
    });
    await expect(openGoalForm({ actor: actors[role], entryId }, triad.core)).rejects.toMatchObject({ code });
    await expect(
      draftGoal({ actor: actors[role], engagementId: triad.engagementId, ...goal }, triad.core),
    ).rejects.toMatchObject({ code });
  });

  it('refuses changes once the engagement is closed', async () => {
    const triad = await triadIn();
    const { entryId } = await draftGoal({ actor: actors.client, ...goal }, triad.core);
    await triad.setStage('closed');
    await expect(editGoal({ actor: actors.client, entryId, ...goal }, triad.core)).rejects.toMatchObject({
      code: 'illegal_transition',
    });
  });
});

describe('openGoalForm and listMyGoals', () => {
  it('pre-fills the edit form with the stored goal, as private text for the client', async () => {
    const triad = await triadIn();
    const { entryId } = await draftGoal({ actor: actors.client, ...goal }, triad.core);
    const { form } = await openGoalForm({ actor: actors.client, entryId }, triad.core);
    const initials = form.fields.map((f) =>
      f.type === 'text' && f.initial?.kind === 'private' ? f.initial.text : null,
    );
    expect(initials.map((t) => (isPrivateText(t) ? revealPrivateText(t) : t))).toEqual([
      goal.goal,
      goal.successMeasure,
    ]);
    expect(form.context).toEqual({ engagementId: triad.engagementId, entryId });
    const blank = await openGoalForm({ actor: actors.client }, triad.core);
    expect(blank.form.fields.every((f) => !('initial' in f))).toBe(true);
  });

  it('lists the client’s goals with their sharing state, in the DM only', async () => {
    const triad = await triadIn();
    await draftGoal({ actor: actors.client, ...goal }, triad.core);
    await draftGoal({ actor: actors.client, goal: 'Second', successMeasure: 'Measured' }, triad.core);
    const listed = await listMyGoals({ actor: actors.client }, triad.core);
    expect(listed.count).toBe(2);
    const text = textOf(listed.reply);
    expect(text).toContain(goal.goal);
    expect(text).toContain('Private: only you can see it.');
    for (const surface of ['sponsor', 'coaching', 'other'] as const) {
      await expect(listMyGoals({ actor: actors.client, surface }, triad.core)).rejects.toMatchObject({
        code: 'not_authorised',
        message: expect.stringContaining('private DM'),
      });
    }
  });

  it('tells a sponsor asking for goals that there is nothing for them', async () => {
    const triad = await triadIn();
    await draftGoal({ actor: actors.client, ...goal }, triad.core);
    await expect(listMyGoals({ actor: actors.sponsor }, triad.core)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      listMyGoals({ actor: actors.sponsor, engagementId: triad.engagementId }, triad.core),
    ).rejects.toMatchObject({ code: 'not_authorised' });
  });
});
