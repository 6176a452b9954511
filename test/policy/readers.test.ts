import { describe, expect, it } from 'vitest';
import { mayAllRead, mayRead, spaceReaders, withReader } from '../../src/policy/readers.js';

const triad = { clientId: 'client', sponsorId: 'sponsor', coachId: 'lee' };
const entry = (readers: string[]) => ({ readers });

describe('the read policy', () => {
  it.each<[string, string[], string, boolean]>([
    ['the client reads their own entry', ['client'], 'client', true],
    ['the coach does not read an entry not shared with them', ['client'], 'kim', false],
    ['the coach reads what was shared with them', ['client', 'kim'], 'kim', true],
    ['a later coach does not read what was shared with the previous one', ['client', 'kim'], 'lee', false],
    ['the sponsor reads no private entry', ['client', 'kim'], 'sponsor', false],
    ['HR reads no private entry', ['client', 'kim'], 'hr', false],
    ['nobody reads an item without readers', [], 'client', false],
    ['an empty person id reads nothing', ['client'], '', false],
  ])('%s', (_case, readers, personId, expected) => {
    expect(mayRead(personId, entry(readers))).toBe(expected);
  });

  it('reads nothing from a legacy item without a reader list', () => {
    expect(mayRead('client', {} as never)).toBe(false);
    expect(mayRead('client', undefined)).toBe(false);
  });

  it('requires every reader of a destination to be a reader of the item, and at least one', () => {
    expect(mayAllRead(['client', 'kim'], entry(['client', 'kim']))).toBe(true);
    expect(mayAllRead(['client', 'lee'], entry(['client', 'kim']))).toBe(false);
    expect(mayAllRead([], entry(['client']))).toBe(false);
  });

  it('adds a reader once', () => {
    expect(withReader(['client'], 'kim')).toEqual(['client', 'kim']);
    expect(withReader(['client', 'kim'], 'kim')).toEqual(['client', 'kim']);
  });

  it.each([
    ['client_dm', null, ['client']],
    ['coaching', 'kim', ['client', 'kim']],
    ['coaching', null, ['client']],
    ['sponsor', null, ['sponsor', 'client', 'lee']],
  ] as const)('the %s space (coach %s) is read by %j', (kind, coachId, readers) => {
    expect(spaceReaders(triad, { kind, coachId })).toEqual(readers);
  });
});
