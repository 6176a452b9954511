import type { TeamsHarness } from '../../e2e/teams/teams-harness.js';
import type { FakeConversation, FakeTeamsUser } from '../../support/fake-bot-connector/index.js';

/** Everything one audience could read, each a list of texts (JSON of what was sent or attempted). */
export interface Transcript {
  sponsor: string[];
  hr: string[];
  logs: string[];
  /** Every row of every table, as JSON: private text may only be there encrypted. */
  rows: string[];
}

export interface Leak {
  canary: string;
  where: keyof Transcript;
}

/**
 * Each canary found where it must not be. `released` texts are what the client released after a preview: the
 * sponsor may read them, so they are cut out of the sponsor's transcript first — only there.
 */
export function canaryLeaks(
  transcript: Transcript,
  canaries: Record<string, string>,
  released: readonly string[] = [],
): Leak[] {
  const leaks: Leak[] = [];
  for (const where of Object.keys(transcript) as (keyof Transcript)[]) {
    let text = transcript[where].join('\n');
    if (where === 'sponsor') for (const allowed of released) text = text.split(allowed).join('');
    for (const [name, canary] of Object.entries(canaries)) {
      if (text.includes(canary)) leaks.push({ canary: name, where });
    }
  }
  return leaks;
}

/** A person's 1:1 chat with Triad, if there is one (never created here). */
export const personalChatOf = (h: TeamsHarness, user: FakeTeamsUser) =>
  [...h.teams.fake.conversations.values()].find(
    (c) => c.conversationType === 'personal' && c.memberIds[0] === user.id,
  );

/**
 * Every call made to these conversations, as sent — faulted and timed-out ones included, since a leak
 * attempted is a leak — plus 1:1 chats Triad asked Teams to create for these users.
 */
export function callsTo(
  h: TeamsHarness,
  conversations: FakeConversation[],
  users: FakeTeamsUser[],
): string[] {
  const ids = new Set(conversations.map((c) => c.id));
  const userIds = new Set(users.map((u) => u.id));
  return h.teams.fake.requests
    .filter((r) => {
      if (r.conversationId !== undefined) return ids.has(r.conversationId);
      const members = (r.body as { members?: { id?: string }[] } | undefined)?.members ?? [];
      return r.operation === 'createConversation' && members.some((m) => userIds.has(m.id ?? ''));
    })
    .map((r) => JSON.stringify(r.body ?? null));
}

/** Every row of every table as JSON lines. */
export async function rowsAsText(h: TeamsHarness): Promise<string[]> {
  const snapshot = await h.snapshot();
  return Object.entries(snapshot).flatMap(([table, rows]) =>
    rows.map((row) => `${table} ${JSON.stringify(row)}`),
  );
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * What Teams holds per conversation, comparable across two runs: each sent activity (its text and cards) with
 * conversation, user and record ids replaced by role names or placeholders, sorted. `roles` names the
 * conversations; activities anywhere else are listed under 'other'.
 */
export function messagesByRole(
  h: TeamsHarness,
  roles: Record<string, FakeConversation | undefined>,
): Record<string, string[]> {
  const names = new Map<string, string>();
  for (const [role, conversation] of Object.entries(roles))
    if (conversation) names.set(conversation.id, role);
  const replacements: [string, string][] = [...names.entries()];
  for (const [key, person] of Object.entries(h.people)) {
    replacements.push([person.user.id, `<${key}>`]);
    if (person.user.aadObjectId) replacements.push([person.user.aadObjectId, `<${key}-aad>`]);
  }
  const normalise = (text: string) =>
    replacements
      .reduce((acc, [from, to]) => acc.split(from).join(to), text)
      .replace(UUID, '<id>')
      .replace(/\b[0-9a-f]{8}\b/g, '<short-id>')
      .replace(/\b1[78]\d{11}\b/g, '<n>')
      // A download link's token (ids, expiry, the run's own key) differs from run to run.
      .replace(/https?:\/\/[^"/]+\/export\/[A-Za-z0-9_.%-]+/g, '<export-link>')
      .replace(/https?:\/\/[^"/]+\/files\/[A-Za-z0-9_.%-]+/g, '<file-link>');
  const byRole: Record<string, string[]> = {};
  for (const recorded of h.teams.fake.activities) {
    if (recorded.operation === 'deleteActivity') continue;
    const role = names.get(recorded.conversationId) ?? 'other';
    const { text, attachments } = recorded.activity ?? {};
    const seen = normalise(JSON.stringify({ op: recorded.operation, text, attachments }));
    byRole[role] = [...(byRole[role] ?? []), seen];
  }
  for (const list of Object.values(byRole)) list.sort();
  return byRole;
}

/** A message's summary (its card's fallback text, else its text), to name it in a failure. */
export const labelOf = (message: string) =>
  /"fallbackText":"((?:[^"\\]|\\.)*)"/.exec(message)?.[1] ??
  /"text":"((?:[^"\\]|\\.)*)"/.exec(message)?.[1] ??
  message;

/** The messages in `actual` but not in `expected` (duplicates) and the other way round (lost), by role. */
export function messageDifferences(
  expected: Record<string, string[]>,
  actual: Record<string, string[]>,
): { role: string; lost: string[]; extra: string[] }[] {
  const roles = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  return roles.flatMap((role) => {
    const left = [...(expected[role] ?? [])];
    const extra: string[] = [];
    for (const message of actual[role] ?? []) {
      const index = left.indexOf(message);
      if (index >= 0) left.splice(index, 1);
      else extra.push(message);
    }
    return left.length + extra.length > 0 ? [{ role, lost: left, extra }] : [];
  });
}
