import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverOutboxEntry } from '../../../src/outbox/deliver-outbox-entry.js';
import { draftGoal } from '../../../src/use-cases/goals/draft-goal.js';
import { composeHome } from '../../../src/use-cases/home/compose-home.js';
import { answerPrompt } from '../../../src/use-cases/reflections/answer-prompt.js';
import { shareAnswerWithCoach } from '../../../src/use-cases/reflections/share-answer-with-coach.js';
import { confirmRelease } from '../../../src/use-cases/releases/confirm-release.js';
import { previewRelease } from '../../../src/use-cases/releases/preview-release.js';
import { httpMessenger, type MessageSink, startMessageSink } from '../../support/recording-messenger.js';
import { actors, textOf, triadIn } from '../client/triad-fixture.js';

const PRIVATE_GOAL = 'CANARY-moved-goal-5d1e';
const PRIVATE_ANSWER = 'CANARY-moved-answer-77a0';

let sink: MessageSink;
beforeAll(async () => {
  sink = await startMessageSink();
});
afterAll(() => sink.close());

/** An engagement with one released goal, one private goal and one answer shared with the coach. */
async function withRelease(stage: 'alignment' | 'coaching' = 'alignment') {
  const triad = await triadIn(stage);
  const shared = await draftGoal(
    { actor: actors.client, goal: 'Delegate the plan', successMeasure: 'Team presents it' },
    triad.core,
  );
  const secret = await draftGoal(
    { actor: actors.client, goal: PRIVATE_GOAL, successMeasure: 'nobody knows' },
    triad.core,
  );
  const { releaseId } = await previewRelease({ actor: actors.client, entryId: shared.entryId }, triad.core);
  await confirmRelease({ actor: actors.client, releaseId }, triad.core);
  return { triad, releaseId, secretEntryId: secret.entryId };
}

const audits = async (triad: Awaited<ReturnType<typeof triadIn>>) =>
  triad.core.uow.read.audit.listByEngagement(triad.engagementId);

describe('a ciphertext moved into another row (defect 5)', () => {
  it('a private goal copied into a released row is not shown on the sponsor’s home, and the refusal is audited', async () => {
    const { triad, releaseId, secretEntryId } = await withRelease();
    const secret = await triad.core.uow.read.entries.get(secretEntryId);
    await triad.core.uow.transaction(async (repos) => {
      const release = await repos.releases.get(releaseId);
      if (!release || !secret) throw new Error('fixture');
      await repos.releases.update({ ...release, ciphertext: secret.ciphertext, keyId: secret.keyId });
    });

    const shown = await composeHome({ actor: actors.sponsor }, triad.core).then(
      (home) => textOf(home.sections),
      (error: { code?: string }) => `refused:${error.code}`,
    );

    expect(shown).not.toContain(PRIVATE_GOAL);
    expect(shown).toBe('refused:confidentiality_violation');
    const refusal = (await audits(triad)).find((a) => a.action === 'sealed_text_refused');
    expect(refusal).toMatchObject({ outcome: 'refused', details: { table: 'releases', rowId: releaseId } });
    expect(JSON.stringify(await audits(triad))).not.toContain(PRIVATE_GOAL);
  });

  it('a private message copied into the sponsor post’s outbox row is refused at delivery, nothing is sent', async () => {
    const { triad } = await withRelease('coaching');
    const promptId = await triad.issue();
    await answerPrompt({ actor: actors.client, promptId, text: PRIVATE_ANSWER }, triad.core);
    await shareAnswerWithCoach({ actor: actors.client, promptId }, triad.core);
    const rows = await triad.outbox();
    const sponsorPost = rows.find(
      (r) =>
        r.message?.destination.kind === 'space' &&
        r.message.destination.space === 'sponsor' &&
        r.json.includes('Delegate the plan'),
    );
    const coachCopy = rows.find((r) => r.json.includes(PRIVATE_ANSWER));
    if (!sponsorPost || !coachCopy) throw new Error('fixture');
    await triad.core.uow.transaction((repos) =>
      repos.outbox.update({
        ...sponsorPost.entry,
        ciphertext: coachCopy.entry.ciphertext,
        keyId: coachCopy.entry.keyId,
      }),
    );

    const delivery = { ...triad.core, messengers: { slack: httpMessenger(sink.url) } };
    for (const { entry } of rows) {
      if (entry.id !== sponsorPost.entry.id) await deliverOutboxEntry({ outboxId: entry.id }, delivery);
    }
    const outcome = await deliverOutboxEntry({ outboxId: sponsorPost.entry.id }, delivery);

    expect(outcome).toMatchObject({ outcome: 'refused' });
    expect(sink.messages.filter((m) => m.outboxId === sponsorPost.entry.id)).toHaveLength(0);
    const toSponsor = sink.messages.filter((m) => m.conversation.startsWith('sponsor.'));
    expect(JSON.stringify(toSponsor)).not.toContain(PRIVATE_ANSWER);
    expect((await triad.core.uow.read.outbox.get(sponsorPost.entry.id))?.status).toBe('refused');
    const refusal = (await audits(triad)).find((a) => a.action === 'sealed_text_refused');
    expect(refusal).toMatchObject({
      outcome: 'refused',
      details: { table: 'outbox', rowId: sponsorPost.entry.id },
    });
  });
});
