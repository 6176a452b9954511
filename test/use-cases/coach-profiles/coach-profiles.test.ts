import { describe, expect, it } from 'vitest';
import { localDialect } from '../../../adapters/local/local-coaching-command.js';
import { runCommand } from '../../../src/commands/run-command.js';
import { runAction, runForm } from '../../../src/controls/controls.js';
import type { CoachProfile } from '../../../src/engagement/coach-profile.js';
import type { Block, OutboundMessage } from '../../../src/messages/message.js';
import type { Actor } from '../../../src/use-cases/actor.js';
import { routeDirectMessage } from '../../../src/use-cases/direct-messages/route-direct-message.js';
import type { InMemoryUnitOfWork } from '../../support/in-memory-store/index.js';
import { messageControls, messagesTo, readOutbox, replyText } from '../../support/outbox-reader.js';
import {
  actor,
  client,
  coach1,
  coach2,
  holdMeeting,
  hr,
  sponsor,
  startTriad,
  stranger,
  type TriadFixture,
} from '../hr/triad-fixture.js';

const handles: Record<string, string> = {
  kim: 'UCOACH1',
  lee: 'UCOACH2',
  jane: 'UCLIENT',
  ola: 'UCOACH3',
};
const dialect = localDialect((handle) => handles[handle.replace(/^@/, '')]);

const fields = {
  bio: 'Kim coaches new leaders through their first year.',
  focusAreas: 'Leadership transitions, Difficult conversations ,  ',
  languages: 'English; Japanese',
  timeZone: 'Asia/Tokyo',
  credentials: 'ICF PCC',
  photoUrl: 'https://example.com/kim.jpg',
  schedulingUrl: 'https://cal.example.com/kim',
};

const save = (t: TriadFixture, who: Actor, coachId: string, typed: Record<string, string>, key = 'k1') =>
  runForm('profile.save', { actor: who, context: { coachId }, fields: typed, requestKey: key }, t.core);

const profileOf = async (t: TriadFixture, platformUserId: string): Promise<CoachProfile | undefined> => {
  const person = await t.person(platformUserId);
  return t.core.uow.read.coachProfiles.find(person.organisationId, person.id);
};

const dm = (t: TriadFixture, who: Actor, text: string) =>
  routeDirectMessage(
    { actor: who, text, requestKey: `dm-${who.platformUserId}-${text}` },
    { ...t.core, runHrCommand: async () => 'hr command' },
  );

const auditRows = (t: TriadFixture) =>
  (t.core.uow as InMemoryUnitOfWork)
    .dumpRows()
    .filter((r) => r.table === 'audit' && r.row.action === 'coach_profile_saved')
    .map((r) => r.row);

describe('coach profiles, edited by HR', () => {
  it('shows a coach with no profile yet, opens the form from its button and saves it, audited with ids only', async () => {
    const t = await startTriad();
    const kim = await t.person('UCOACH1');
    const shown = await runCommand('profile coach:@kim', hr, t.core, dialect);
    if (!('reply' in shown)) throw new Error('expected a reply');
    expect(shown.reply.audience).toBe('admin');
    expect(replyText(shown.reply)).toContain('No profile yet.');
    const [button] = messageControls(shown.reply);
    expect(button).toMatchObject({ actionId: 'profile.edit', value: kim.id });

    const opened = await runAction('profile.edit', { actor: hr, value: kim.id }, t.core);
    expect(opened.form).toMatchObject({ formId: 'profile.save', context: { coachId: kim.id } });
    const zoneField = opened.form?.fields.find((f) => f.id === 'timeZone');
    expect(zoneField?.type === 'text' ? zoneField.initial : undefined).toMatchObject({ text: 'Asia/Tokyo' });

    const saved = await save(t, hr, kim.id, fields);
    expect(replyText(saved.reply as OutboundMessage)).toContain('Kim’s profile is saved');
    const hrPerson = await t.person('UHR');
    expect(await profileOf(t, 'UCOACH1')).toMatchObject({
      bio: fields.bio,
      focusAreas: ['Leadership transitions', 'Difficult conversations'],
      languages: ['English', 'Japanese'],
      timeZone: 'Asia/Tokyo',
      credentials: 'ICF PCC',
      photoUrl: fields.photoUrl,
      schedulingUrl: fields.schedulingUrl,
      ownerId: null,
      updatedById: hrPerson.id,
      version: 1,
    });
    const [audit] = auditRows(t);
    expect(audit).toMatchObject({ actorId: hrPerson.id, engagementId: null });
    expect(JSON.stringify(audit)).not.toContain('Kim coaches');
    expect(JSON.stringify(audit)).not.toContain('example.com');
  });

  it('refuses a person who coaches nowhere in the organisation, and a non-HR running the command', async () => {
    const t = await startTriad();
    await expect(runCommand('profile coach:@jane', hr, t.core, dialect)).rejects.toThrow(
      'Jane is not a coach in any engagement of your organisation.',
    );
    for (const who of [client, sponsor, coach1, stranger]) {
      await expect(runCommand('profile coach:@kim', who, t.core, dialect)).rejects.toThrow(
        'Only HR programme owners can do that.',
      );
    }
    await expect(runCommand('profile', hr, t.core, dialect)).rejects.toThrow('Name the coach');
  });
});

describe('coach profiles, edited by the coach', () => {
  it('opens the coach’s own form from the DM word profile and saves a new version on an edit', async () => {
    const t = await startTriad();
    const kim = await t.person('UCOACH1');
    const outcome = await dm(t, coach1, 'Profile');
    if (outcome.meaning !== 'profile_form') throw new Error(outcome.meaning);
    expect(outcome.form.context).toEqual({ coachId: kim.id });
    expect(outcome.form.audience).toBe('admin');
    expect(messageControls(outcome.opener)).toEqual([
      expect.objectContaining({ actionId: 'profile.edit', value: kim.id }),
    ]);

    const first = await save(t, coach1, kim.id, fields);
    expect(first.reply?.audience).toBe('admin');
    const again = await save(t, coach1, kim.id, fields, 'k2');
    expect(replyText(again.reply as OutboundMessage)).toContain('saved');
    expect((await profileOf(t, 'UCOACH1'))?.version).toBe(1);

    await save(t, coach1, kim.id, { ...fields, bio: 'Shorter.', photoUrl: '' }, 'k3');
    expect(await profileOf(t, 'UCOACH1')).toMatchObject({
      bio: 'Shorter.',
      photoUrl: null,
      version: 2,
      updatedById: kim.id,
    });
    expect(auditRows(t).map((row) => (row.details as { by: string }).by)).toEqual(['coach', 'coach']);
  });
});

describe('coach profiles, refused', () => {
  const refusal = 'Only the coach or HR can edit a coach’s profile.';

  it.each([
    ['the client', client],
    ['the sponsor', sponsor],
    ['another coach', coach2],
    ['a stranger', stranger],
    ['a coach from elsewhere', actor('UCOACH3')],
  ])('refuses %s opening or saving Kim’s profile, and changes nothing', async (_who, who) => {
    const t = await startTriad();
    const kim = await t.person('UCOACH1');
    await save(t, coach1, kim.id, fields);
    const before = await profileOf(t, 'UCOACH1');
    await expect(runAction('profile.edit', { actor: who, value: kim.id }, t.core)).rejects.toThrow(refusal);
    await expect(save(t, who, kim.id, { ...fields, bio: 'Taken over.' }, 'x')).rejects.toThrow(refusal);
    expect(await profileOf(t, 'UCOACH1')).toEqual(before);
    expect(auditRows(t)).toHaveLength(1);
  });

  it.each([
    ['the client', client],
    ['the sponsor', sponsor],
    ['a stranger', stranger],
  ])('refuses %s typing profile in their DM', async (_who, who) => {
    const t = await startTriad();
    await expect(dm(t, who, 'profile')).rejects.toThrow(refusal);
  });

  it('refuses HR a form for someone of another organisation', async () => {
    const t = await startTriad();
    const other = { ...hr, tenantId: 'T2' };
    const kim = await t.person('UCOACH1');
    await expect(runAction('profile.edit', { actor: other, value: kim.id }, t.core)).rejects.toThrow();
    expect(await profileOf(t, 'UCOACH1')).toBeUndefined();
  });
});

describe('coach profiles, bad input', () => {
  it.each([
    ['a bio over 600 characters', { bio: 'x'.repeat(601) }, 'The bio is at most 600 characters.'],
    [
      'seven focus areas',
      { focusAreas: 'a, b, c, d, e, f, g' },
      'At most 6 focus areas, separated by commas.',
    ],
    ['a focus area over 40 characters', { focusAreas: 'y'.repeat(41) }, 'Each of the focus areas'],
    ['seven languages', { languages: 'a, b, c, d, e, f, g' }, 'At most 6 languages'],
    [
      'an http photo link',
      { photoUrl: 'http://example.com/kim.jpg' },
      'must be a full link starting with https://',
    ],
    ['a photo that is no link', { photoUrl: 'javascript:alert(1)' }, 'photo link must be a full link'],
    ['a scheduling link with a space', { schedulingUrl: 'https://cal.example.com/k im' }, 'scheduling link'],
    ['a link over 500 characters', { schedulingUrl: `https://x.com/${'a'.repeat(500)}` }, 'too long'],
    ['a zone that does not exist', { timeZone: 'Mars/Olympus' }, 'The time zone must be a zone name'],
    ['a credentials line over 200 characters', { credentials: 'c'.repeat(201) }, 'credentials line'],
  ])('refuses %s in words and changes nothing', async (_case, typed, words) => {
    const t = await startTriad();
    const kim = await t.person('UCOACH1');
    await save(t, coach1, kim.id, fields);
    const before = await profileOf(t, 'UCOACH1');
    await expect(save(t, coach1, kim.id, { ...fields, ...typed }, 'bad')).rejects.toThrow(words);
    expect(await profileOf(t, 'UCOACH1')).toEqual(before);
    expect(auditRows(t)).toHaveLength(1);
  });

  it('refuses a forged coach id on the button in words', async () => {
    const t = await startTriad();
    await expect(runAction('profile.edit', { actor: hr, value: 'not-an-id' }, t.core)).rejects.toThrow(
      'That profile button is not valid any more.',
    );
  });
});

const sectionsOf = (message: OutboundMessage) =>
  message.blocks.filter((b): b is Extract<Block, { type: 'section' }> => b.type === 'section');

describe('the coach choice shows each shortlisted coach’s profile', () => {
  it('shows Kim’s profile with her photo and "no profile yet" for Lee', async () => {
    const t = await startTriad();
    const kim = await t.person('UCOACH1');
    await save(t, coach1, kim.id, { ...fields, timeZone: 'Europe/Paris' });
    await holdMeeting(t, 'kickoff');
    const rows = await readOutbox(t.core, t.engagementId);
    const offer = messagesTo(rows, 'client_dm').find((r) => r.key.endsWith(':coach-choice'));
    const message = offer?.message as OutboundMessage;
    const text = offer?.text ?? '';
    for (const shown of [
      'Kim · ICF PCC',
      fields.bio,
      'Focus: Leadership transitions, Difficult conversations',
      'Languages: English, Japanese',
      'Time zone: Paris time',
      'Book a time: https://cal.example.com/kim',
      'Lee',
      'No profile yet.',
    ]) {
      expect(text).toContain(shown);
    }
    const withImage = sectionsOf(message).filter((s) => s.image);
    expect(withImage.map((s) => [s.image?.url.text, s.image?.alt.text])).toEqual([
      [fields.photoUrl, 'Photo of Kim'],
    ]);
    // One button per coach, then (intro calls are on by default) one intro-call picker per coach.
    expect(messageControls(message).map((c) => ('label' in c ? c.label.text : ''))).toEqual([
      'Kim',
      'Lee',
      'Book an intro call with Kim',
      'Book an intro call with Lee',
    ]);
  });
});
