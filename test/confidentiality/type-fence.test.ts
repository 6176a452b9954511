import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { logistics, privatePart, sponsorAuthored } from '../../src/confidentiality/parts.js';
import { PrivateText, revealPrivateText } from '../../src/confidentiality/private-text.js';
import { releasedPart } from '../../src/confidentiality/release.js';
import { opaque, type TimedWords, timed, type Words, words } from '../../src/confidentiality/words.js';
import type {
  AdminMessage,
  Attachment,
  Form,
  PrivateMessage,
  SharedMessage,
} from '../../src/messages/message.js';
import { meetingTime } from '../../src/messages/time-part.js';

/**
 * The first of the three independent defences (DESIGN section 3): the types. Every `@ts-expect-error` below is a
 * line TypeScript must refuse — `npm run typecheck` covers test/, so if one of them ever compiles, the build
 * fails with "Unused '@ts-expect-error' directive". The runtime assertions check what the class prints.
 */
const engagementId = '00000000-0000-4000-8000-000000000001';
const secret = PrivateText.of('canary-type-fence');
/** Readers of the private parts below: the client alone. */
const R = ['client'];
const sponsorSpace = { kind: 'space', engagementId, space: 'sponsor' } as const;
const hrReply = { kind: 'reply', audience: 'admin', personId: 'hr' } as const;
const released = releasedPart({ releaseId: 'r1', engagementId, text: 'Goal: shared', textHash: 'h' });

describe('the type fence', () => {
  it('a sponsor-bound message cannot hold a private part', () => {
    const message: SharedMessage = {
      audience: 'shared',
      destination: sponsorSpace,
      summary: words('x'),
      blocks: [
        { type: 'section', text: [logistics('fine'), sponsorAuthored('fine', engagementId, 'p'), released] },
        // @ts-expect-error a private part cannot go to the sponsor space
        { type: 'section', text: [privatePart(secret, engagementId, R)] },
        // @ts-expect-error not even one shared with the coach
        { type: 'context', text: [privatePart(secret, engagementId, ['client', 'coach'])] },
        // @ts-expect-error nor inside a field
        { type: 'fields', fields: [{ label: words('Goal'), value: [privatePart(secret, engagementId, R)] }] },
      ],
    };
    expect(message.blocks).toHaveLength(4);
  });

  it('an HR-bound message holds logistics only', () => {
    const message: AdminMessage = {
      audience: 'admin',
      destination: hrReply,
      summary: words('x'),
      blocks: [
        { type: 'section', text: [logistics('Engagement 1a2b3c4d is in coaching')] },
        // @ts-expect-error a private part cannot go to HR
        { type: 'section', text: [privatePart(secret, engagementId, R)] },
        // @ts-expect-error released text is for the sponsor thread, not HR
        { type: 'section', text: [released] },
        // @ts-expect-error sponsor-authored text is not for HR either
        { type: 'section', text: [sponsorAuthored('x', engagementId, 'p')] },
      ],
    };
    expect(message.blocks).toHaveLength(4);
  });

  it('sponsor- and HR-bound forms cannot pre-fill private text', () => {
    const shared: Form<'shared'> = {
      audience: 'shared',
      destination: sponsorSpace,
      formId: 'reflection.answer',
      title: words('t'),
      submitLabel: words('s'),
      context: {},
      fields: [
        {
          type: 'text',
          id: 'a',
          label: words('a'),
          multiline: true,
          maxLength: 10,
          // @ts-expect-error a private initial value cannot be shown in a sponsor form
          initial: privatePart(secret, engagementId, R),
        },
      ],
    };
    const admin: Form<'admin'> = {
      audience: 'admin',
      destination: hrReply,
      formId: 'reflection.answer',
      title: words('t'),
      submitLabel: words('s'),
      context: {},
      // @ts-expect-error nor in an HR form's intro
      intro: [{ type: 'section', text: [privatePart(secret, engagementId, R)] }],
      fields: [],
    };
    expect([shared.fields.length, admin.fields.length]).toEqual([1, 0]);
  });

  it('private text is not a string anywhere text is expected', () => {
    // @ts-expect-error logistics() takes bot-composed strings, never PrivateText
    const part = logistics(secret);
    // @ts-expect-error nor does sponsorAuthored()
    sponsorAuthored(secret, engagementId, 'p');
    // @ts-expect-error a PrivateText is not a string
    const text: string = secret;
    const message: SharedMessage = {
      audience: 'shared',
      destination: sponsorSpace,
      // @ts-expect-error the notification summary is Words, not private text
      summary: secret,
      blocks: [
        // @ts-expect-error headers are Words
        { type: 'header', text: secret },
        {
          type: 'actions',
          // @ts-expect-error button values carry ids, not text
          elements: [{ type: 'button', actionId: 'goal.edit', label: words('b'), value: secret }],
        },
      ],
    };
    expect([typeof part.text, typeof text, message.blocks.length]).toEqual(['object', 'object', 2]);
  });

  it('no string a platform shows or carries back can hold private text or a revealed string', () => {
    const revealed = revealPrivateText(secret);
    // @ts-expect-error Words are made from bot-composed strings only, never from PrivateText
    words(secret);
    // @ts-expect-error a logistics-shaped literal is not Words: only words() makes them
    const literal: Words = { kind: 'logistics', text: 'x' };
    // @ts-expect-error a private part is not Words either
    const part: Words = privatePart(secret, engagementId, R);
    const message: PrivateMessage = {
      audience: 'private',
      destination: { kind: 'space', engagementId, space: 'client_dm' },
      // @ts-expect-error a revealed string cannot be the notification summary
      summary: revealed,
      blocks: [
        // @ts-expect-error nor a header, even in the client's own DM
        { type: 'header', text: revealed },
        // @ts-expect-error nor a field's label
        { type: 'fields', fields: [{ label: revealed, value: [privatePart(secret, engagementId, R)] }] },
        {
          type: 'actions',
          elements: [
            // @ts-expect-error nor a button's label
            { type: 'button', actionId: 'goal.edit', label: revealed, value: opaque(engagementId) },
            // @ts-expect-error a button's value is an opaque id, not a revealed string
            { type: 'button', actionId: 'goal.edit', label: words('Edit'), value: revealed },
            // @ts-expect-error nor a select's placeholder
            { type: 'select', actionId: 'coach.select', placeholder: secret, options: [] },
            {
              type: 'select',
              actionId: 'coach.select',
              placeholder: words('Choose'),
              // @ts-expect-error nor an option's label or value
              options: [{ label: revealed, value: secret }],
            },
            // @ts-expect-error nor a date-time picker's label
            { type: 'datetime', actionId: 'meeting.schedule', label: secret, value: opaque(engagementId) },
          ],
        },
      ],
    };
    const form: Form<'private'> = {
      audience: 'private',
      destination: { kind: 'space', engagementId, space: 'client_dm' },
      formId: 'reflection.answer',
      // @ts-expect-error a form's title is Words
      title: revealed,
      // @ts-expect-error so is its submit label
      submitLabel: secret,
      // @ts-expect-error its context carries opaque ids only
      context: { engagementId: revealed },
      fields: [
        // @ts-expect-error a field's label is Words
        { type: 'text', id: 'a', label: secret, multiline: false, maxLength: 9 },
        // @ts-expect-error so is its hint
        { type: 'text', id: 'b', label: words('b'), multiline: false, maxLength: 9, hint: revealed },
        // @ts-expect-error a choice's options carry Words and opaque ids
        { type: 'choice', id: 'c', label: words('c'), options: [{ label: words('x'), value: revealed }] },
      ],
    };
    expect([literal.text, part.kind, message.blocks.length, form.fields.length]).toEqual([
      'x',
      'private',
      3,
      3,
    ]);
  });

  it('a meeting time, in a part or a summary, holds an instant and a zone, never private text', () => {
    const at = meetingTime(new Date('2026-12-03T14:00:00Z'), 'Europe/London');
    // @ts-expect-error a timed summary is made from strings and times, never PrivateText
    timed`Kickoff meeting scheduled: ${secret}`;
    // @ts-expect-error a timed-looking literal is not a summary: only timed() makes one
    const literal: TimedWords = { kind: 'timed', text: 'x', pieces: [] };
    // @ts-expect-error a time holds no text: it cannot be a file's content
    const file: Attachment = { name: 'x.ics', mimeType: 'text/calendar', content: [at] };
    // Bot-composed logistics: allowed on every audience, HR's too.
    const message: AdminMessage = {
      audience: 'admin',
      destination: hrReply,
      summary: timed`Next: the kickoff meeting, ${at}`,
      blocks: [{ type: 'section', text: [logistics('Next: '), at] }],
    };
    expect([literal.kind, file.content.length, message.summary.text]).toEqual([
      'timed',
      1,
      'Next: the kickoff meeting, Thu 3 Dec 2026, 14:00 (London time)',
    ]);
  });

  it('a private message may carry private text (the client’s own DM)', () => {
    const message: PrivateMessage = {
      audience: 'private',
      destination: { kind: 'space', engagementId, space: 'client_dm' },
      summary: words('x'),
      blocks: [{ type: 'section', text: [privatePart(secret, engagementId, R)] }],
    };
    expect(message.blocks).toHaveLength(1);
  });

  it('private text prints as a placeholder in strings, JSON, inspection and errors', () => {
    expect(String(secret)).toBe('[private text]');
    expect(`${secret}`).toBe('[private text]');
    expect(JSON.stringify({ secret })).toBe('{"secret":"[private text]"}');
    expect(inspect({ secret })).not.toContain('canary');
    expect(new Error(`failed on ${secret}`).message).not.toContain('canary');
    expect(revealPrivateText(secret)).toBe('canary-type-fence');
    expect(secret.length).toBe('canary-type-fence'.length);
    expect(() => revealPrivateText({} as PrivateText)).toThrow(TypeError);
  });
});
