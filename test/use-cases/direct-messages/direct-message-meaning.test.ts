import { describe, expect, it } from 'vitest';
import { directMessageMeaning } from '../../../src/use-cases/direct-messages/direct-message-meaning.js';
import type { DirectMessageRoles } from '../../../src/use-cases/direct-messages/direct-message-roles.js';

const roles = (held: Partial<DirectMessageRoles>): DirectMessageRoles => ({
  client: false,
  sponsor: false,
  coach: false,
  hr: false,
  ...held,
});

describe('directMessageMeaning: the edges of the rule', () => {
  it.each([
    ['  HELP  ', roles({ client: true }), 'help'],
    ['help me with this week', roles({ client: true }), 'answer'],
    ['LIST', roles({ hr: true }), 'hr_command'],
    ['end of the week was hard', roles({ client: true, hr: true }), 'hr_command'],
    ['end of the week was hard', roles({ client: true }), 'answer'],
    ['goals for next quarter', roles({ client: true }), 'answer'],
    ['goals', roles({ hr: true }), 'goals'],
    ['export', roles({}), 'export'],
    ['constructor', roles({}), 'unknown'],
    ['toString', roles({ sponsor: true }), 'relay_request'],
    ['Thanks', roles({ client: true, sponsor: true }), 'answer'],
    ['Thanks', roles({ coach: true, hr: true }), 'hr_command'],
    ['\n\t', roles({ coach: true }), 'help'],
  ])('“%s” from %o → %s', (text, held, meaning) => {
    expect(directMessageMeaning(text, held)).toBe(meaning);
  });
});

describe('directMessageMeaning: a message that reads as a whole HR command', () => {
  const whole = { wholeCommand: true };
  it.each([
    // Typed in a DM where the platform has no slash command (Teams), it is the command, refused without HR
    // rights exactly as `/coaching status @jane` is on Slack.
    ['status @jane', roles({ sponsor: true }), whole, 'hr_command'],
    ['list', roles({}), whole, 'hr_command'],
    ['end 1a2b3c4d', roles({ client: true }), whole, 'hr_command'],
    // Words that only begin like a command are the sender's own words.
    ['status is fine', roles({ sponsor: true }), { wholeCommand: false }, 'relay_request'],
    ['list of my worries', roles({ client: true }), { wholeCommand: false }, 'answer'],
    // A whole command word alone that is also a DM word keeps the DM word's meaning.
    ['goals', roles({ client: true }), whole, 'goals'],
  ])('“%s” from %o (%o) → %s', (text, held, read, meaning) => {
    expect(directMessageMeaning(text, held, read)).toBe(meaning);
  });
});
