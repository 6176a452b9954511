import { describe, expect, it } from 'vitest';
import { endEngagement } from '../../../src/use-cases/hr/end-engagement.js';
import { startEngagement } from '../../../src/use-cases/hr/start-engagement.js';
import { openExpectationsForm } from '../../../src/use-cases/sponsor/open-expectations-form.js';
import { postSponsorExpectations } from '../../../src/use-cases/sponsor/post-sponsor-expectations.js';
import { looksLikePrivateRequest } from '../../../src/use-cases/sponsor/private-request.js';
import { relayToSponsorThread } from '../../../src/use-cases/sponsor/relay-to-sponsor-thread.js';
import { messageParts, messagesTo, readOutbox, replyText } from '../../support/outbox-reader.js';
import { advanceTo, client, coach1, hr, sponsor, startTriad, stranger } from '../hr/triad-fixture.js';

const expectations = 'Lead the platform team through the re-org; success = two leads promoted by June.';

describe('postSponsorExpectations', () => {
  it('posts the sponsor-authored text to the sponsor thread and stores nothing else', async () => {
    const t = await startTriad();
    const entriesBefore = await t.core.uow.read.entries.listByEngagement(t.engagementId);
    const result = await postSponsorExpectations(
      { actor: sponsor, engagementId: t.engagementId, text: `  ${expectations}  ` },
      t.core,
    );
    expect(result.posted).toBe(true);
    const rows = messagesTo(await readOutbox(t.core, t.engagementId), 'sponsor').filter((r) =>
      r.key.includes(':expectations:'),
    );
    expect(rows).toHaveLength(1);
    const parts = messageParts(rows[0]?.message as never);
    const sam = await t.person('USPONSOR');
    expect(parts).toContainEqual({
      kind: 'sponsor_authored',
      text: expectations,
      engagementId: t.engagementId,
      authorId: sam.id,
    });
    expect(await t.core.uow.read.entries.listByEngagement(t.engagementId)).toEqual(entriesBefore);
    expect(result.reply.audience).toBe('shared');
    expect(replyText(result.reply)).toContain('where Jane can see them');
  });

  it('posts the same text once however often it is submitted', async () => {
    const t = await startTriad();
    const input = { actor: sponsor, engagementId: t.engagementId, text: expectations };
    await postSponsorExpectations(input, t.core);
    await postSponsorExpectations(input, t.core);
    const rows = (await readOutbox(t.core, t.engagementId)).filter((r) => r.key.includes(':expectations:'));
    expect(rows).toHaveLength(1);
  });

  it.each([
    ['the client', client, 'not_authorised'],
    ['HR', hr, 'not_authorised'],
    ['a stranger', stranger, 'not_found'],
  ])('refuses %s', async (_who, who, code) => {
    const t = await startTriad();
    await expect(
      postSponsorExpectations({ actor: who, engagementId: t.engagementId, text: expectations }, t.core),
    ).rejects.toMatchObject({ code });
  });

  it.each([
    ['too long', 'x'.repeat(3001), 'text_too_long', 'That is 3001 characters'],
    ['empty', '   ', 'validation_failed', 'Write something first.'],
  ])('refuses text that is %s', async (_what, text, code, words) => {
    const t = await startTriad();
    await expect(
      postSponsorExpectations({ actor: sponsor, engagementId: t.engagementId, text }, t.core),
    ).rejects.toMatchObject({ code, message: expect.stringContaining(words) });
  });

  it('opens the expectations form for the sponsor only', async () => {
    const t = await startTriad();
    const { reply } = await openExpectationsForm({ actor: sponsor, engagementId: t.engagementId }, t.core);
    expect(reply).toMatchObject({
      formId: 'sponsor.expectations',
      context: { engagementId: t.engagementId },
    });
    await expect(
      openExpectationsForm({ actor: client, engagementId: t.engagementId }, t.core),
    ).rejects.toMatchObject({
      code: 'not_authorised',
    });
  });
});

describe('relayToSponsorThread', () => {
  it('posts whatever the sponsor sends the bot in the thread the client sees, and tells them so', async () => {
    const t = await startTriad();
    await advanceTo(t, 'alignment');
    const result = await relayToSponsorThread(
      { actor: sponsor, text: 'Can we move the alignment to after the offsite?', requestId: 'Ev1' },
      t.core,
    );
    expect(result).toMatchObject({ posted: true, engagementId: t.engagementId });
    const [row] = messagesTo(await readOutbox(t.core, t.engagementId), 'sponsor').filter((r) =>
      r.key.endsWith(':relay:Ev1'),
    );
    expect(row?.text).toContain("Sam (sponsor) wrote to Triad about Jane's coaching");
    expect(row?.text).toContain('Can we move the alignment to after the offsite?');
    expect(replyText(result.reply)).toContain('where Jane and Kim see it too');
    await relayToSponsorThread({ actor: sponsor, text: 'again', requestId: 'Ev1' }, t.core);
    expect(
      (await readOutbox(t.core, t.engagementId)).filter((r) => r.key.endsWith(':relay:Ev1')),
    ).toHaveLength(1);
  });

  it('relays HR messages too, addressed by engagement, as an admin reply', async () => {
    const t = await startTriad();
    const result = await relayToSponsorThread(
      { actor: hr, engagement: t.engagementId.slice(0, 8), text: 'Reminder: kickoff this week please.' },
      t.core,
    );
    expect(result.reply.audience).toBe('admin');
    const rows = messagesTo(await readOutbox(t.core, t.engagementId), 'sponsor');
    expect(rows.some((r) => r.text.includes('Harper (HR) wrote to Triad'))).toBe(true);
  });

  it.each([
    'What did Jane say in her reflections?',
    'Can you send me her answers to the prompts?',
    'How often is she replying to the weekly questions?',
    'Please show me the coaching notes from last week',
    'Is she engaging? What is her response rate?',
    'Could I see her goal drafts before the meeting?',
    'what has she been telling the coach',
  ])('refuses a request for private content: %s', async (text) => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    const before = (await readOutbox(t.core, t.engagementId)).length;
    const result = await relayToSponsorThread({ actor: sponsor, text }, t.core);
    expect(result.posted).toBe(false);
    expect(replyText(result.reply)).toContain("I can't share that.");
    expect(replyText(result.reply)).toContain('Your message was not posted.');
    expect(await readOutbox(t.core, t.engagementId)).toHaveLength(before);
    const audit = await t.core.uow.read.audit.listByEngagement(t.engagementId);
    const refused = audit.filter((a) => a.action === 'private_request_refused');
    expect(refused).toHaveLength(1);
    expect(JSON.stringify(refused)).not.toContain(text);
  });

  it.each([
    'Looking forward to the alignment meeting next week.',
    'Great progress in the team meeting today, well done Jane.',
    'I will be travelling on Tuesday; can we do Wednesday?',
  ])('does not mistake ordinary messages for private requests: %s', (text) => {
    expect(looksLikePrivateRequest(text)).toBe(false);
  });

  it('asks which engagement when the sponsor has several, and refuses people outside', async () => {
    const t = await startTriad();
    t.core.directory.add({ platformUserId: 'UCLIENT2', displayName: 'Priya', timeZone: 'Asia/Kolkata' });
    await startEngagement(
      { actor: hr, clientUserId: 'UCLIENT2', sponsorUserId: 'USPONSOR', coachUserIds: ['UCOACH2'] },
      t.core,
    );
    await expect(relayToSponsorThread({ actor: sponsor, text: 'Hello' }, t.core)).rejects.toMatchObject({
      code: 'validation_failed',
      hint: expect.stringContaining('Priya'),
    });
    const byClient = await relayToSponsorThread(
      { actor: sponsor, engagement: 'UCLIENT', text: 'Hello' },
      t.core,
    );
    expect(byClient.engagementId).toBe(t.engagementId);
    await expect(relayToSponsorThread({ actor: stranger, text: 'Hello' }, t.core)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      relayToSponsorThread({ actor: coach1, engagement: t.engagementId, text: 'Hello' }, t.core),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses relaying to a closed engagement', async () => {
    const t = await startTriad();
    await endEngagement({ actor: hr, engagement: t.engagementId }, t.core);
    await expect(relayToSponsorThread({ actor: sponsor, text: 'Hello' }, t.core)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      relayToSponsorThread({ actor: sponsor, engagement: t.engagementId, text: 'Hello' }, t.core),
    ).rejects.toMatchObject({ code: 'illegal_transition' });
  });
});
