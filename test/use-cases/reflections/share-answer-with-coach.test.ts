import { describe, expect, it } from 'vitest';
import { answerPrompt } from '../../../src/use-cases/reflections/answer-prompt.js';
import { shareAnswerWithCoach } from '../../../src/use-cases/reflections/share-answer-with-coach.js';
import { actors, type Role, triadIn } from '../client/triad-fixture.js';

const secret = 'I want to learn to say no';

describe('shareAnswerWithCoach', () => {
  it('posts the answer in the coaching space as text for client and coach, never to the sponsor', async () => {
    const triad = await triadIn();
    const promptId = await triad.issue();
    await answerPrompt({ actor: actors.client, promptId, text: secret }, triad.core);
    const result = await shareAnswerWithCoach({ actor: actors.client, promptId }, triad.core);
    expect(result.shared).toBe(true);
    const engagement = await triad.engagement();
    const coaching = (await triad.outboxTo('coaching')).filter((m) => m.json.includes(secret));
    expect(coaching).toHaveLength(1);
    const block = coaching[0]?.message.blocks.find(
      (b) => b.type === 'section' && b.text[0]?.kind === 'private',
    );
    expect(block?.type === 'section' && block.text[0]).toMatchObject({
      kind: 'private',
      readers: [engagement.clientId, engagement.coachId],
    });
    for (const { json } of await triad.outboxTo('sponsor')) expect(json).not.toContain(secret);
    const entry = await triad.core.uow.read.entries.findBySubject(
      triad.engagementId,
      'reflection_answer',
      promptId,
    );
    expect(entry?.sharedWithCoachAt).toEqual(triad.core.clock.now());
    expect(entry?.readers).toEqual([engagement.clientId, engagement.coachId]);
  });

  it('sharing twice is a no-op; an edited answer can be shared again', async () => {
    const triad = await triadIn();
    const promptId = await triad.issue();
    await answerPrompt({ actor: actors.client, promptId, text: secret }, triad.core);
    await shareAnswerWithCoach({ actor: actors.client, promptId }, triad.core);
    const twice = await shareAnswerWithCoach({ actor: actors.client, promptId }, triad.core);
    expect(twice.shared).toBe(false);
    await answerPrompt({ actor: actors.client, promptId, text: 'edited' }, triad.core);
    expect((await shareAnswerWithCoach({ actor: actors.client, promptId }, triad.core)).shared).toBe(true);
    const coaching = (await triad.outboxTo('coaching')).filter((m) =>
      m.message.summary.text.includes('shared a reflection'),
    );
    expect(coaching).toHaveLength(2);
  });

  it('needs an answer and a coach', async () => {
    const noAnswer = await triadIn();
    const promptId = await noAnswer.issue();
    await expect(
      shareAnswerWithCoach({ actor: actors.client, promptId }, noAnswer.core),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    const noCoach = await triadIn('coaching', { coach: false });
    const other = await noCoach.issue();
    await answerPrompt({ actor: actors.client, promptId: other, text: secret }, noCoach.core);
    await expect(
      shareAnswerWithCoach({ actor: actors.client, promptId: other }, noCoach.core),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it.each<[Role, string]>([
    ['sponsor', 'not_authorised'],
    ['coach', 'not_authorised'],
    ['hr', 'not_authorised'],
    ['stranger', 'not_found'],
  ])('only the client may share: the %s gets %s', async (role, code) => {
    const triad = await triadIn();
    const promptId = await triad.issue();
    await answerPrompt({ actor: actors.client, promptId, text: secret }, triad.core);
    await expect(shareAnswerWithCoach({ actor: actors[role], promptId }, triad.core)).rejects.toMatchObject({
      code,
    });
    expect((await triad.outboxTo('coaching')).some((m) => m.json.includes(secret))).toBe(false);
  });
});
