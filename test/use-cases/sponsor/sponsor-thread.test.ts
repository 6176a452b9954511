import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/use-cases/actor.js';
import { endEngagement } from '../../../src/use-cases/hr/end-engagement.js';
import { startEngagement } from '../../../src/use-cases/hr/start-engagement.js';
import { openExpectationsForm } from '../../../src/use-cases/sponsor/open-expectations-form.js';
import { postSponsorExpectations } from '../../../src/use-cases/sponsor/post-sponsor-expectations.js';
import { looksLikePrivateRequest } from '../../../src/use-cases/sponsor/private-request.js';
import { cancelRelay, chooseRelayThread, confirmRelay } from '../../../src/use-cases/sponsor/relay-choice.js';
import { relayToSponsorThread } from '../../../src/use-cases/sponsor/relay-to-sponsor-thread.js';
import {
  messageControls,
  messageParts,
  messagesTo,
  readOutbox,
  replyText,
} from '../../support/outbox-reader.js';
import {
  advanceTo,
  client,
  coach1,
  hr,
  sponsor,
  startTriad,
  stranger,
  type TriadFixture,
} from '../hr/triad-fixture.js';

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

/** The buttons of a reply, as [action id, label, value]. */
const buttonsOf = (reply: unknown) =>
  messageControls(reply as never).flatMap((c) =>
    c.type === 'button' ? [[c.actionId, c.label.text, c.value as string]] : [],
  );

/** Sends `text`, chooses the engagement whose button label contains `label`, and confirms. */
async function relayAndConfirm(
  t: TriadFixture,
  who: Actor,
  text: string,
  label: string,
  engagement?: string,
) {
  const offered = await relayToSponsorThread(
    { actor: who, text, ...(engagement ? { engagement: { kind: 'id' as const, id: engagement } } : {}) },
    t.core,
  );
  const choice = buttonsOf(offered.reply).find(([id, l]) => id === 'relay.choose' && l?.includes(label));
  if (!choice) throw new Error(`no choice for ${label}`);
  const chosen = await chooseRelayThread({ actor: who, value: choice[2] as string }, t.core);
  const confirm = buttonsOf(chosen.reply).find(([id]) => id === 'relay.confirm');
  return confirmRelay({ actor: who, value: confirm?.[2] as string }, t.core);
}

const relayed = async (t: TriadFixture) =>
  messagesTo(await readOutbox(t.core, t.engagementId), 'sponsor').filter((r) => r.key.includes(':relay:'));

describe('relayToSponsorThread', () => {
  it('posts nothing until the sponsor chooses the engagement and confirms, then posts it once', async () => {
    const t = await startTriad();
    await advanceTo(t, 'alignment');
    const text = 'Can we move the alignment to after the offsite?';
    const offered = await relayToSponsorThread({ actor: sponsor, text, requestId: 'Ev1' }, t.core);
    expect(offered.posted).toBe(false);
    expect(replyText(offered.reply)).toContain('Which engagement is it about?');
    expect(replyText(offered.reply)).not.toContain(text);
    const buttons = buttonsOf(offered.reply);
    expect(buttons.map(([id, label]) => [id, label])).toEqual([
      ['relay.choose', "Jane's coaching"],
      ['relay.cancel', 'Cancel'],
    ]);
    expect(await relayed(t)).toEqual([]);
    const chosen = await chooseRelayThread({ actor: sponsor, value: buttons[0]?.[2] as string }, t.core);
    expect(replyText(chosen.reply)).toContain("Post your message in the sponsor thread of Jane's coaching?");
    expect(buttonsOf(chosen.reply).map(([id, label]) => [id, label])).toEqual([
      ['relay.confirm', 'Post to the sponsor thread'],
      ['relay.cancel', 'Cancel'],
    ]);
    expect(await relayed(t)).toEqual([]);
    const confirm = buttonsOf(chosen.reply)[0]?.[2] as string;
    const result = await confirmRelay({ actor: sponsor, value: confirm }, t.core);
    expect(result).toMatchObject({ posted: true, engagementId: t.engagementId });
    const rows = await relayed(t);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.text).toContain("Sam (sponsor) wrote to Triad about Jane's coaching");
    expect(rows[0]?.text).toContain(text);
    expect(replyText(result.reply)).toContain('where Jane and Kim see it too');
    await confirmRelay({ actor: sponsor, value: confirm }, t.core);
    await relayToSponsorThread({ actor: sponsor, text, requestId: 'Ev1' }, t.core);
    expect(await relayed(t)).toHaveLength(1);
  });

  it('posts nothing when the sender cancels, and nobody else can press their buttons', async () => {
    const t = await startTriad();
    const offered = await relayToSponsorThread({ actor: sponsor, text: 'Hello all' }, t.core);
    const [choose, cancel] = buttonsOf(offered.reply);
    for (const who of [client, coach1, hr, stranger]) {
      await expect(
        chooseRelayThread({ actor: who, value: choose?.[2] as string }, t.core),
      ).rejects.toMatchObject({ code: 'not_found' });
      await expect(confirmRelay({ actor: who, value: choose?.[2] as string }, t.core)).rejects.toMatchObject({
        code: 'not_found',
      });
    }
    const cancelled = await cancelRelay({ actor: sponsor, draftId: cancel?.[2] as string }, t.core);
    expect(replyText(cancelled.reply)).toContain('nothing was posted');
    await expect(
      confirmRelay({ actor: sponsor, value: choose?.[2] as string }, t.core),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(await relayed(t)).toEqual([]);
  });

  it('a coach of one engagement who sponsors another is offered only the one they sponsor', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    // Kim coaches Jane (t) and sponsors Priya's engagement.
    t.core.directory.add({ platformUserId: 'UCLIENT2', displayName: 'Priya', timeZone: 'Asia/Kolkata' });
    const other = await startEngagement(
      { actor: hr, clientUserId: 'UCLIENT2', sponsorUserId: 'UCOACH1', coachUserIds: ['UCOACH3'] },
      t.core,
    );
    const offered = await relayToSponsorThread(
      { actor: coach1, text: 'See you Thursday', requestId: 'Ev9' },
      t.core,
    );
    expect(offered.posted).toBe(false);
    const choices = buttonsOf(offered.reply).filter(([id]) => id === 'relay.choose');
    expect(choices.map(([, label]) => label)).toEqual(["Priya's coaching"]);
    expect(await relayed(t)).toEqual([]);
    expect((await readOutbox(t.core, other.engagementId)).filter((r) => r.key.includes(':relay:'))).toEqual(
      [],
    );
    // A forged button naming the engagement Kim coaches is refused.
    const draftId = String(choices[0]?.[2]).split(':')[0];
    await expect(
      chooseRelayThread({ actor: coach1, value: `${draftId}:${t.engagementId}` }, t.core),
    ).rejects.toMatchObject({ code: 'not_authorised' });
    await expect(
      confirmRelay({ actor: coach1, value: `${draftId}:${t.engagementId}` }, t.core),
    ).rejects.toMatchObject({ code: 'not_authorised' });
    expect(await relayed(t)).toEqual([]);
  });

  it('relays HR messages too, addressed by engagement, as an admin reply', async () => {
    const t = await startTriad();
    const offered = await relayToSponsorThread(
      {
        actor: hr,
        engagement: { kind: 'id', id: t.engagementId.slice(0, 8) },
        text: 'Reminder: kickoff this week please.',
      },
      t.core,
    );
    expect(offered.reply.audience).toBe('admin');
    const result = await relayAndConfirm(
      t,
      hr,
      'Reminder: kickoff this week please.',
      'Jane',
      t.engagementId,
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

  it('offers every engagement the sponsor has, and refuses people outside', async () => {
    const t = await startTriad();
    t.core.directory.add({ platformUserId: 'UCLIENT2', displayName: 'Priya', timeZone: 'Asia/Kolkata' });
    await startEngagement(
      { actor: hr, clientUserId: 'UCLIENT2', sponsorUserId: 'USPONSOR', coachUserIds: ['UCOACH2'] },
      t.core,
    );
    const offered = await relayToSponsorThread({ actor: sponsor, text: 'Hello' }, t.core);
    const labels = buttonsOf(offered.reply)
      .filter(([id]) => id === 'relay.choose')
      .map(([, label]) => label?.split(' ')[0]);
    expect(labels.sort()).toEqual(["Jane's", "Priya's"]);
    const result = await relayAndConfirm(t, sponsor, 'Hello', 'Jane');
    expect(result.engagementId).toBe(t.engagementId);
    await expect(relayToSponsorThread({ actor: stranger, text: 'Hello' }, t.core)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      relayToSponsorThread(
        { actor: coach1, engagement: { kind: 'id', id: t.engagementId }, text: 'Hello' },
        t.core,
      ),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses relaying to a closed engagement', async () => {
    const t = await startTriad();
    await endEngagement({ actor: hr, engagement: { kind: 'id', id: t.engagementId } }, t.core);
    await expect(relayToSponsorThread({ actor: sponsor, text: 'Hello' }, t.core)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      relayToSponsorThread(
        { actor: sponsor, engagement: { kind: 'id', id: t.engagementId }, text: 'Hello' },
        t.core,
      ),
    ).rejects.toMatchObject({ code: 'illegal_transition' });
  });
});
