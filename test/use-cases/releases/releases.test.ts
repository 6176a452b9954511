import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { passOutboundGate } from '../../../src/confidentiality/outbound-gate.js';
import { releaseRow } from '../../../src/confidentiality/sealed-rows.js';
import { gateLookups } from '../../../src/outbox/gate-lookups.js';
import { questionText } from '../../../src/prompts/prompt-bank.js';
import { draftGoal } from '../../../src/use-cases/goals/draft-goal.js';
import { editGoal } from '../../../src/use-cases/goals/edit-goal.js';
import { listMyGoals } from '../../../src/use-cases/goals/list-my-goals.js';
import { answerPrompt } from '../../../src/use-cases/reflections/answer-prompt.js';
import { cancelRelease } from '../../../src/use-cases/releases/cancel-release.js';
import { confirmRelease } from '../../../src/use-cases/releases/confirm-release.js';
import { previewRelease } from '../../../src/use-cases/releases/preview-release.js';
import { withdrawRelease } from '../../../src/use-cases/releases/withdraw-release.js';
import { actors, buttonsOf, type Role, textOf, triadIn } from '../client/triad-fixture.js';

const goal = { goal: 'Delegate the quarterly plan', successMeasure: 'Team presents it without me' };
const exact = `Goal: ${goal.goal}\nSuccess measure: ${goal.successMeasure}`;

async function withGoal(stage: Parameters<typeof triadIn>[0] = 'alignment') {
  const triad = await triadIn(stage);
  const { entryId } = await draftGoal({ actor: actors.client, ...goal }, triad.core);
  const sponsorPosts = async () =>
    (await triad.outboxTo('sponsor')).filter((m) => /shared something|withdrew/.test(m.message.summary.text));
  return { triad, entryId, sponsorPosts };
}

describe('previewRelease', () => {
  it('stores the exact text encrypted with its hash and shows it to the client alone', async () => {
    const { triad, entryId, sponsorPosts } = await withGoal();
    const before = (await sponsorPosts()).length;
    const { releaseId, reply } = await previewRelease({ actor: actors.client, entryId }, triad.core);
    const release = await triad.core.uow.read.releases.get(releaseId);
    expect(release).toMatchObject({
      status: 'previewed',
      entryId,
      entryVersion: 1,
      // Nothing is hashed until the client confirms: a preview never released leaves no hash behind.
      textHash: null,
    });
    expect(triad.core.cipher.open(release as never, releaseRow(release as never))).toBe(exact);
    expect(reply.destination).toMatchObject({ kind: 'reply', audience: 'private' });
    expect(textOf(reply)).toContain(exact);
    expect(textOf(reply)).toContain('Sam Sponsor will see');
    expect(buttonsOf(reply)).toEqual({ 'release.confirm': releaseId, 'release.cancel': releaseId });
    expect((await sponsorPosts()).length).toBe(before);
    expect(JSON.stringify(triad.uow.dumpRows())).not.toContain(goal.goal);
  });

  it('previews a reflection answer under its question', async () => {
    const triad = await triadIn();
    const promptId = await triad.issue();
    const { entryId } = await answerPrompt({ actor: actors.client, promptId, text: 'I grew' }, triad.core);
    const prompt = await triad.core.uow.read.prompts.get(promptId);
    const { reply } = await previewRelease({ actor: actors.client, entryId: entryId ?? '' }, triad.core);
    expect(textOf(reply)).toContain(`Reflection: ${questionText(prompt?.questionId ?? '')}\nI grew`);
  });

  it.each<[Role, string]>([
    ['sponsor', 'not_authorised'],
    ['coach', 'not_authorised'],
    ['hr', 'not_authorised'],
    ['stranger', 'not_found'],
  ])('only the client may preview: the %s gets %s', async (role, code) => {
    const { triad, entryId } = await withGoal();
    await expect(previewRelease({ actor: actors[role], entryId }, triad.core)).rejects.toMatchObject({
      code,
    });
    expect(await triad.core.uow.read.releases.listByEngagement(triad.engagementId)).toHaveLength(0);
  });

  it('refuses while the engagement is paused', async () => {
    const { triad, entryId } = await withGoal();
    await triad.setStage('paused', { pausedStage: 'alignment' });
    await expect(previewRelease({ actor: actors.client, entryId }, triad.core)).rejects.toMatchObject({
      code: 'illegal_transition',
    });
  });
});

describe('confirmRelease', () => {
  it('records the consent and posts exactly the previewed text to the sponsor space, attributed to the client', async () => {
    const { triad, entryId, sponsorPosts } = await withGoal();
    const { releaseId } = await previewRelease({ actor: actors.client, entryId }, triad.core);
    const result = await confirmRelease({ actor: actors.client, releaseId }, triad.core);
    const consent = await triad.core.uow.read.consents.get(result.consentId ?? '');
    expect(consent).toMatchObject({ kind: 'release', withdrawnAt: null });
    // A keyed hash (HMAC under a key derived from the configured keys), naming its key; not a bare SHA-256.
    expect(consent?.textHash).toMatch(/^test1:[0-9a-f]{64}$/);
    expect(consent?.textHash).not.toContain(createHash('sha256').update(exact).digest('hex'));
    expect(triad.core.cipher.hashMatches(exact, consent?.textHash ?? '')).toBe(true);
    const release = await triad.core.uow.read.releases.get(releaseId);
    expect(release).toMatchObject({ status: 'released', consentId: consent?.id });
    const [post] = await sponsorPosts();
    expect(post?.message.audience).toBe('shared');
    expect(post?.message.destination).toEqual({
      kind: 'space',
      engagementId: triad.engagementId,
      space: 'sponsor',
    });
    expect(textOf(post?.message)).toContain('Casey Client chose to share this:');
    const released = post?.message.blocks.flatMap((b) => (b.type === 'section' ? b.text : []));
    expect(released?.find((p) => p.kind === 'released')).toMatchObject({
      text: exact,
      releaseId,
      textHash: consent?.textHash,
    });
    expect(textOf(result.reply)).toContain('Shared with Sam Sponsor');
    expect(buttonsOf(result.reply)).toEqual({ 'release.withdraw': releaseId });
  });

  it('posts in the alignment meeting’s thread when that meeting is scheduled', async () => {
    const { triad, entryId, sponsorPosts } = await withGoal();
    const meeting = await triad.scheduleMeeting('alignment', new Date('2026-12-01T14:00:00Z'));
    const { releaseId } = await previewRelease({ actor: actors.client, entryId }, triad.core);
    await confirmRelease({ actor: actors.client, releaseId }, triad.core);
    const [post] = await sponsorPosts();
    expect(post?.message.destination).toMatchObject({ space: 'sponsor', threadMeetingId: meeting.id });
  });

  it('tells of a withdrawal in the thread the shared item was posted in, so its whole story stays there', async () => {
    const { triad, entryId, sponsorPosts } = await withGoal();
    const meeting = await triad.scheduleMeeting('alignment', new Date('2026-12-01T14:00:00Z'));
    const { releaseId } = await previewRelease({ actor: actors.client, entryId }, triad.core);
    await confirmRelease({ actor: actors.client, releaseId }, triad.core);
    await withdrawRelease({ actor: actors.client, releaseId }, triad.core);
    const note = (await sponsorPosts()).find((p) => p.message.summary.text.includes('withdrew'));
    expect(note?.message.destination).toMatchObject({ space: 'sponsor', threadMeetingId: meeting.id });
  });

  it('refuses a stale preview after the goal changed, and shares nothing', async () => {
    const { triad, entryId, sponsorPosts } = await withGoal();
    const { releaseId } = await previewRelease({ actor: actors.client, entryId }, triad.core);
    await editGoal({ actor: actors.client, entryId, goal: 'Changed', successMeasure: 'x' }, triad.core);
    await expect(confirmRelease({ actor: actors.client, releaseId }, triad.core)).rejects.toMatchObject({
      code: 'stale_preview',
    });
    expect(await sponsorPosts()).toHaveLength(0);
    expect((await triad.core.uow.read.releases.get(releaseId))?.status).toBe('previewed');
    expect(await triad.core.uow.read.consents.listByEngagement(triad.engagementId)).toHaveLength(0);
  });

  it('confirming twice is a no-op', async () => {
    const { triad, entryId, sponsorPosts } = await withGoal();
    const { releaseId } = await previewRelease({ actor: actors.client, entryId }, triad.core);
    await confirmRelease({ actor: actors.client, releaseId }, triad.core);
    const again = await confirmRelease({ actor: actors.client, releaseId }, triad.core);
    expect(again.released).toBe(false);
    expect(textOf(again.reply)).toContain('already shared');
    expect(await sponsorPosts()).toHaveLength(1);
    expect(await triad.core.uow.read.consents.listByEngagement(triad.engagementId)).toHaveLength(1);
  });

  it('a new release of the same entry supersedes the earlier one', async () => {
    const { triad, entryId, sponsorPosts } = await withGoal();
    const first = await previewRelease({ actor: actors.client, entryId }, triad.core);
    await confirmRelease({ actor: actors.client, releaseId: first.releaseId }, triad.core);
    await editGoal(
      { actor: actors.client, entryId, goal: 'Delegate two plans', successMeasure: 'Both ship' },
      triad.core,
    );
    const second = await previewRelease({ actor: actors.client, entryId }, triad.core);
    await confirmRelease({ actor: actors.client, releaseId: second.releaseId }, triad.core);
    expect((await triad.core.uow.read.releases.get(first.releaseId))?.status).toBe('superseded');
    expect((await triad.core.uow.read.releases.get(second.releaseId))?.status).toBe('released');
    const posts = await sponsorPosts();
    expect(posts).toHaveLength(2);
    expect(posts.some((p) => textOf(p.message).includes('This replaces what Casey Client shared'))).toBe(
      true,
    );
    await expect(
      withdrawRelease({ actor: actors.client, releaseId: first.releaseId }, triad.core),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it.each<[Role, string]>([
    ['sponsor', 'not_authorised'],
    ['coach', 'not_authorised'],
    ['hr', 'not_authorised'],
    ['stranger', 'not_found'],
  ])('only the client may confirm, cancel or withdraw: the %s gets %s', async (role, code) => {
    const { triad, entryId, sponsorPosts } = await withGoal();
    const { releaseId } = await previewRelease({ actor: actors.client, entryId }, triad.core);
    await expect(confirmRelease({ actor: actors[role], releaseId }, triad.core)).rejects.toMatchObject({
      code,
    });
    await expect(cancelRelease({ actor: actors[role], releaseId }, triad.core)).rejects.toMatchObject({
      code,
    });
    await expect(withdrawRelease({ actor: actors[role], releaseId }, triad.core)).rejects.toMatchObject({
      code,
    });
    expect(await sponsorPosts()).toHaveLength(0);
  });

  it('a cancelled preview cannot be confirmed', async () => {
    const { triad, entryId, sponsorPosts } = await withGoal();
    const { releaseId } = await previewRelease({ actor: actors.client, entryId }, triad.core);
    const cancelled = await cancelRelease({ actor: actors.client, releaseId }, triad.core);
    expect(textOf(cancelled.reply)).toContain('nothing was shared');
    await expect(confirmRelease({ actor: actors.client, releaseId }, triad.core)).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(await sponsorPosts()).toHaveLength(0);
  });
});

describe('withdrawRelease', () => {
  it('the goal list offers the withdrawal of a shared goal, and only of a shared one', async () => {
    const { triad, entryId } = await withGoal();
    const before = await listMyGoals({ actor: actors.client, surface: 'client_dm' }, triad.core);
    expect(buttonsOf(before.reply)['release.withdraw']).toBeUndefined();
    const { releaseId } = await previewRelease({ actor: actors.client, entryId }, triad.core);
    await confirmRelease({ actor: actors.client, releaseId }, triad.core);
    const listed = await listMyGoals({ actor: actors.client, surface: 'client_dm' }, triad.core);
    const offered = buttonsOf(listed.reply)['release.withdraw'];
    expect(offered).toBe(releaseId);
    expect(
      (await withdrawRelease({ actor: actors.client, releaseId: offered ?? '' }, triad.core)).withdrawn,
    ).toBe(true);
    const after = await listMyGoals({ actor: actors.client, surface: 'client_dm' }, triad.core);
    expect(buttonsOf(after.reply)['release.withdraw']).toBeUndefined();
  });

  it('withdraws release and consent, tells the sponsor space without content, and the gate refuses the old post', async () => {
    const { triad, entryId, sponsorPosts } = await withGoal();
    const { releaseId } = await previewRelease({ actor: actors.client, entryId }, triad.core);
    const { consentId } = await confirmRelease({ actor: actors.client, releaseId }, triad.core);
    const [post] = await sponsorPosts();
    const result = await withdrawRelease({ actor: actors.client, releaseId }, triad.core);
    expect(result.withdrawn).toBe(true);
    expect((await triad.core.uow.read.releases.get(releaseId))?.status).toBe('withdrawn');
    expect((await triad.core.uow.read.consents.get(consentId ?? ''))?.withdrawnAt).toEqual(
      triad.core.clock.now(),
    );
    const note = (await sponsorPosts()).find((p) => p.message.summary.text.includes('withdrew'));
    expect(textOf(note?.message)).toContain('Casey Client withdrew a shared item.');
    expect(note?.json).not.toContain(goal.goal);
    await expect(
      triad.core.uow.transaction((repos) =>
        passOutboundGate(post?.message as never, {
          lookups: gateLookups(repos),
          audit: async () => {},
          logger: triad.core.logger,
          auditAllowed: false,
        }),
      ),
    ).rejects.toMatchObject({ code: 'confidentiality_violation' });
    const again = await withdrawRelease({ actor: actors.client, releaseId }, triad.core);
    expect(again.withdrawn).toBe(false);
    expect((await sponsorPosts()).filter((p) => p.message.summary.text.includes('withdrew'))).toHaveLength(1);
  });

  it('cancels the post when it was not delivered yet: it is never sent, nothing needs taking back', async () => {
    const { triad, entryId } = await withGoal();
    const { releaseId } = await previewRelease({ actor: actors.client, entryId }, triad.core);
    await confirmRelease({ actor: actors.client, releaseId }, triad.core);
    await withdrawRelease({ actor: actors.client, releaseId }, triad.core);
    const entries = await triad.outbox();
    const post = entries.find((e) => e.entry.idempotencyKey === `release:${releaseId}:post`);
    expect(post?.entry).toMatchObject({ status: 'cancelled', lastErrorCode: 'retracted' });
    expect(entries.filter((e) => e.json.includes('"retraction"'))).toEqual([]);
  });

  it('takes back the delivered post, and the posts of the earlier versions it replaced', async () => {
    const { triad, entryId } = await withGoal();
    const outbox = triad.core.uow.read.outbox;
    const share = async () => {
      const { releaseId } = await previewRelease({ actor: actors.client, entryId }, triad.core);
      await confirmRelease({ actor: actors.client, releaseId }, triad.core);
      const post = (await triad.outbox()).find((e) => e.entry.idempotencyKey === `release:${releaseId}:post`);
      await outbox.markSent(post?.entry.id ?? '', `ts-${releaseId}`, triad.core.clock.now());
      return { releaseId, postId: post?.entry.id };
    };
    const first = await share();
    await editGoal({ actor: actors.client, entryId, goal: 'Changed', successMeasure: 'x' }, triad.core);
    const second = await share();
    await withdrawRelease({ actor: actors.client, releaseId: second.releaseId }, triad.core);
    const retractions = (await triad.outbox())
      .filter((e) => e.json.includes('"retraction"'))
      .map((e) => JSON.parse(e.json));
    expect(retractions).toEqual(
      [first.postId, second.postId].map((retracts) => ({
        type: 'retraction',
        engagementId: triad.engagementId,
        space: 'sponsor',
        retracts,
      })),
    );
    expect(JSON.stringify(retractions)).not.toContain(goal.goal);
  });

  it.each(['paused', 'closed'] as const)('is allowed while the engagement is %s', async (stage) => {
    const { triad, entryId } = await withGoal();
    const { releaseId } = await previewRelease({ actor: actors.client, entryId }, triad.core);
    await confirmRelease({ actor: actors.client, releaseId }, triad.core);
    await triad.setStage(stage, stage === 'paused' ? { pausedStage: 'alignment' } : {});
    expect((await withdrawRelease({ actor: actors.client, releaseId }, triad.core)).withdrawn).toBe(true);
  });
});
