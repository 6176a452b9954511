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
