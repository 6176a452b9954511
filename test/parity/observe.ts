import { outboxRow } from '../../src/confidentiality/sealed-rows.js';
import type { OutboxEntry } from '../../src/engagement/records.js';
import { deserializePayload, type OutboxPayload } from '../../src/messages/serialize.js';
import type { Cipher } from '../../src/ports/cipher.js';
import type { UnitOfWork } from '../../src/ports/repositories.js';
import { type ControlTarget, displayNames, type Role, roles, type Step } from './script.js';

/**
 * The observer of the parity test: reduces what one step did on one platform to its meaning, with markup, names,
 * ids and times taken out — the engagement's state changes (read through the core's repositories), every message
 * the step wrote to the outbox (where it goes, who reads it, what it is), and what the person acting was shown in
 * answer (a reply, a form, or a refusal and why).
 */

/** Something the platform showed a person in answer to a request (not a delivery to a space). */
export interface Shown {
  to: Role | string;
  /** A form (modal, dialog, form card) rather than a message. */
  form?: boolean;
  /** Its first line as the platform carried it (notification text, title, or error words). */
  text: string;
}

/** One platform behind its real entry points, as the parity test drives it. */
export interface Driver {
  readonly platform: 'slack' | 'teams' | 'local';
  readonly uow: UnitOfWork;
  readonly cipher: Cipher;
  /** The platform user id of each person. */
  readonly idOf: Record<Role, string>;
  /** Outbox entries the driver caused itself (Teams: a person linking a group chat), not the step. */
  readonly ownOutbox: Set<string>;
  /**
   * Messages that exist only because of what the platform cannot do (Teams cannot create group chats or open a
   * form over a group chat, so Triad asks people to): left out of the outcome, each named here with its reason.
   */
  readonly platformNotes?: readonly RegExp[];
  /**
   * Where the platform posted a delivered message and who can read it there now (its conversation's members):
   * `dm` (someone's DM or 1:1 chat with Triad), `sponsor` or `coaching`. Undefined when it posted nothing.
   */
  postedTo(entry: OutboxEntry): { where: string; readers: string[] } | undefined;
  /** Performs the step through the platform's entry point, then delivers what is due; returns what was shown. */
  perform(step: Step): Promise<Shown[]>;
  close(): Promise<void>;
}

/** What one step meant on one platform. Lines, so that a diff reads as sentences. */
export interface Outcome {
  shown: string[];
  state: string[];
  outbox: string[];
}

// ---- text ------------------------------------------------------------------------------------------------

/**
 * A platform's text reduced to its meaning: markup, escapes, emoji, quotes, names, ids and times normalised.
 * `idOf` names each person's platform user id, which becomes their role like their display name does.
 */
export function normalise(text: string, idOf: Record<Role, string>): string {
  let t = text
    .split('\n')[0]
    ?.replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/<at>([^<]*)<\/at>/g, '$1')
    .replace(/<@([A-Z0-9]+)(\|[^>]*)?>/g, '$1')
    // A meeting time Slack formats in each reader's zone reads as its fallback, the time Teams and local show.
    .replace(/<!date\^\d+\^[^|>]*\|([^>]*)>/g, '$1') as string;
  for (const role of roles) {
    t = t.split(displayNames[role]).join(`{${role}}`).split(idOf[role]).join(`{${role}}`);
  }
  return t
    .replace(/:[a-z0-9_+-]+:/g, '')
    .replace(/[*_`~]/g, '')
    .replace(/… \(truncated\)$/, '')
    .replace(/[“”«»"]/g, '')
    .replace(/[‘’]/g, "'")
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '{uuid}')
    .replace(/\b[0-9a-f]{8}\b/g, '{id}')
    .replace(/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? \d{1,2} [A-Z][a-z]+( \d{4})?/g, '{date}')
    .replace(/\b\d{4}-\d{2}-\d{2}\b/g, '{date}')
    .replace(/\b\d{1,2}:\d{2}\b/g, '{time}')
    .replace(/^(?:\p{Extended_Pictographic}|\uFE0F|\s)+/u, '')
    .replace(/^[^\p{L}\p{N}"'({]+/u, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

// ---- state -----------------------------------------------------------------------------------------------

/** Who a person id is, by role (or the id when it is nobody of the story). */
async function roleOfPerson(driver: Driver, personId: string | null): Promise<string> {
  if (!personId) return '-';
  const person = await driver.uow.read.people.get(personId);
  return roles.find((r) => driver.idOf[r] === person?.platformUserId) ?? `?${personId.slice(0, 4)}`;
}

const counted = (values: readonly string[]) => {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  // Sorted: rows read back in no particular order (same-instant inserts), and the order means nothing.
  return (
    [...counts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([v, n]) => `${v} ${n}`)
      .join(', ') || 'none'
  );
};

/** The engagements seen so far on a driver, in the order they appeared (e1, e2, …). */
export type Known = string[];

/** The semantic state of every engagement the story has: one line per fact, keyed for diffing. */
export async function stateOf(driver: Driver, known: Known): Promise<Map<string, string>> {
  const read = driver.uow.read;
  for (const engagement of await read.engagements.listActive())
    if (!known.includes(engagement.id)) known.push(engagement.id);
  const state = new Map<string, string>();
  for (const [index, id] of known.entries()) {
    const e = await read.engagements.get(id);
    if (!e) continue;
    const key = `e${index + 1}`;
    state.set(`${key} stage`, e.pausedStage ? `${e.stage} (from ${e.pausedStage})` : e.stage);
    state.set(
      `${key} client/sponsor`,
      `${await roleOfPerson(driver, e.clientId)}/${await roleOfPerson(driver, e.sponsorId)}`,
    );
    state.set(`${key} coach`, await roleOfPerson(driver, e.coachId));
    const shortlist = await Promise.all(e.coachShortlist.map((c) => roleOfPerson(driver, c)));
    state.set(`${key} shortlist`, shortlist.sort().join(','));
    state.set(`${key} length`, `${e.weeks} weeks, ${e.cadence}`);
    // Meetings of a kind that comes more than once (intro calls) read as counts: their order is no meaning.
    const meetings = await read.meetings.listByEngagement(id);
    for (const kind of new Set(meetings.map((m) => m.kind))) {
      const statuses = meetings
        .filter((m) => m.kind === kind)
        .map((m) => m.status)
        .sort();
      state.set(`${key} meeting ${kind}`, statuses.length === 1 ? (statuses[0] ?? '') : counted(statuses));
    }
    state.set(`${key} prompts`, counted((await read.prompts.listByEngagement(id)).map((p) => p.status)));
    state.set(
      `${key} private entries`,
      counted((await read.entries.listByEngagement(id)).map((p) => p.kind)),
    );
    state.set(`${key} releases`, counted((await read.releases.listByEngagement(id)).map((r) => r.status)));
    const spaces = await read.spaces.listByEngagement(id);
    const spaceLines = await Promise.all(
      spaces.map(
        async (s) =>
          `${s.kind}${s.coachId ? `(${await roleOfPerson(driver, s.coachId)})` : ''}${s.retiredAt ? ' retired' : ''}`,
      ),
    );
    state.set(`${key} spaces`, spaceLines.sort().join(', ') || 'none');
  }
  return state;
}

export function stateChanges(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = [...new Set([...before.keys(), ...after.keys()])];
  return keys
    .filter((k) => before.get(k) !== after.get(k))
    .map((k) => `${k}: ${before.get(k) ?? '∅'} → ${after.get(k) ?? '∅'}`);
}

// ---- outbox ----------------------------------------------------------------------------------------------

/** Every outbox entry of the known engagements, in the order they were written. */
export async function outboxOf(driver: Driver, known: Known): Promise<OutboxEntry[]> {
  const all: OutboxEntry[] = [];
  for (const id of known) all.push(...(await driver.uow.read.outbox.listByEngagement(id)));
  return all;
}

export function payloadOf(driver: Driver, entry: OutboxEntry): OutboxPayload {
  return deserializePayload(driver.cipher.open(entry, outboxRow(entry)));
}

const controlsOfPayload = (payload: OutboxPayload): string[] => {
  if (payload.type !== 'message') return [];
  const ids: string[] = [];
  for (const block of payload.message.blocks)
    if (block.type === 'actions') for (const element of block.elements) ids.push(element.actionId);
  return ids;
};

/** One outbox entry as a sentence: where it goes, who reads it, what it is, and whether it went out. */
export async function describeEntry(driver: Driver, entry: OutboxEntry): Promise<string> {
  const payload = payloadOf(driver, entry);
  const readers = (await Promise.all(entry.readers.map((r) => roleOfPerson(driver, r)))).sort().join(',');
  const status =
    entry.status === 'sent'
      ? ''
      : ` (${entry.status}${entry.lastErrorCode ? `: ${entry.lastErrorCode}` : ''})`;
  switch (payload.type) {
    case 'membership':
      return `${payload.space} space: ${payload.change} ${await roleOfPerson(driver, payload.personId)}${status}`;
    case 'retraction':
      return `${payload.space} space: retract a message${status}`;
    case 'invitation':
      return `${payload.space} space: invite the coach by e-mail${status}`;
    case 'message': {
      const d = payload.message.destination;
      const where =
        d.kind === 'space'
          ? `${d.space} space${d.threadMeetingId ? ' thread' : ''}`
          : `${d.kind} message to ${await roleOfPerson(driver, d.personId)}`;
      const controls = controlsOfPayload(payload);
      const what = normalise(payload.message.summary.text, driver.idOf);
      const posted = driver.postedTo(entry);
      const seen = posted ? ` → posted in ${posted.where} [${[...posted.readers].sort().join(',')}]` : '';
      return `${where} [${readers}]: "${what}"${controls.length ? ` {${controls.join(' ')}}` : ''}${status}${seen}`;
    }
  }
}

// ---- what the actor was shown ----------------------------------------------------------------------------

/**
 * Refusals by meaning: the words differ per platform today (issue 13 makes them one table), the reason does not.
 * The first pattern matching a shown line names the refusal.
 */
const refusals: ReadonlyArray<[string, RegExp]> = [
  ['unknown command', /^i don't know the command /],
  ['no client named', /^name the client/],
  ['same person twice', /must be different people/],
  ['too many coaches', /^a shortlist has at most 5 coaches/],
  ['weeks out of range', /^weeks must be between/],
  ['unknown cadence', /^cadence must be/],
  ['no engagement named', /^which engagement\?/],
  ['not HR', /^only hr programme owners/],
  ['already active', /already has an active coaching engagement/],
  ['meeting not yet due', /meeting is scheduled for .*\.$/],
  ['already paused', /^this engagement is already paused/],
  ['engagement over', /^this engagement is (closed|cancelled); nothing more can change/],
  ['sponsor cannot coach', /is the sponsor of this engagement and cannot also coach it/],
  ['no such engagement', /^i can't find an engagement /],
  ['not a sponsor', /^you are not the sponsor of an active coaching engagement/],
  ['not a client', /^you have no active coaching engagement/],
  ['nothing to answer here', /^triad has nothing for you to answer here/],
  ['not understood', /^i did not understand that/],
  ['no open question', /^no open question/],
];

/** `wordsOwn`: the step's answer is worded by each platform on purpose (help names its own commands). */
export function describeShown(shown: Shown, idOf: Record<Role, string>, wordsOwn = false): string {
  const text = normalise(shown.text, idOf);
  const refusal = refusals.find(([, pattern]) => pattern.test(text));
  const what = refusal
    ? `refused: ${refusal[0]}`
    : `${shown.form ? 'form' : 'says'} ${wordsOwn ? '(its own words)' : `"${text}"`}`;
  return `to ${shown.to}: ${what}`;
}

// ---- targets ---------------------------------------------------------------------------------------------

/** The id a control must carry to be the one a step means (a meeting's id, a coach's person id). */
export async function targetId(
  driver: Driver,
  target: ControlTarget | undefined,
): Promise<string | undefined> {
  if (!target) return undefined;
  const [engagement] = await driver.uow.read.engagements.listActive();
  if (!engagement) return undefined;
  if ('prompt' in target) {
    const prompts = await driver.uow.read.prompts.listByEngagement(engagement.id);
    return [...prompts].sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime()).at(-1)?.id;
  }
  if ('meeting' in target) {
    const meetings = await driver.uow.read.meetings.listByEngagement(engagement.id);
    return meetings.find((m) => m.kind === target.meeting)?.id;
  }
  const coaches = await driver.uow.read.people.getMany(engagement.coachShortlist);
  return coaches.find((p) => p.platformUserId === driver.idOf[target.coach])?.id;
}

// ---- a step ----------------------------------------------------------------------------------------------

/** Runs one step on a driver and reduces it to its outcome. */
export async function observe(driver: Driver, step: Step, known: Known): Promise<Outcome> {
  const stateBefore = await stateOf(driver, known);
  const outboxBefore = new Set((await outboxOf(driver, known)).map((e) => e.id));
  const shown = await driver.perform(step);
  const stateAfter = await stateOf(driver, known);
  const written = (await outboxOf(driver, known)).filter(
    (e) => !outboxBefore.has(e.id) && !driver.ownOutbox.has(e.id),
  );
  const notes = driver.platformNotes ?? [];
  const kept = (line: string) => !notes.some((note) => note.test(line));
  return {
    // A toast and a chat line saying the same thing to the same person are one answer.
    shown: [...new Set(shown.map((s) => describeShown(s, driver.idOf, Boolean(step.ownWords))))].filter(kept),
    state: stateChanges(stateBefore, stateAfter),
    outbox: (await Promise.all(written.map((e) => describeEntry(driver, e)))).filter(kept),
  };
}
