import { isPrivateText, revealPrivateText } from '../../../src/confidentiality/private-text.js';
import { outboxRow } from '../../../src/confidentiality/sealed-rows.js';
import type { OutboundMessage } from '../../../src/messages/message.js';
import { deserializePayload } from '../../../src/messages/serialize.js';
import { canaryPattern, marker, type Role, type World } from './world.js';

/**
 * The scans behind the canary property. Each outbound item is taken apart by provenance: bot-composed strings,
 * private parts (revealed here only to see which canaries they hold) and released parts.
 */
interface Pieces {
  strings: string[];
  privates: { engagementId: string; text: string; readers: readonly string[] }[];
  released: { releaseId: string; engagementId: string; text: string }[];
}

function piecesOf(item: unknown): Pieces {
  const pieces: Pieces = { strings: [], privates: [], released: [] };
  const walk = (value: unknown) => {
    if (typeof value === 'string') pieces.strings.push(value);
    else if (isPrivateText(value))
      pieces.privates.push({ engagementId: '?', text: revealPrivateText(value), readers: [] });
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const part = value as Record<string, unknown>;
      if (part.kind === 'private') {
        const text = isPrivateText(part.text) ? revealPrivateText(part.text) : String(part.text);
        pieces.privates.push({
          engagementId: String(part.engagementId),
          text,
          readers: Array.isArray(part.readers) ? part.readers.map(String) : [],
        });
      } else if (part.kind === 'released') {
        pieces.released.push({
          releaseId: String(part.releaseId),
          engagementId: String(part.engagementId),
          text: String(part.text),
        });
      } else Object.values(part).forEach(walk);
    }
  };
  walk(item);
  return pieces;
}

export class Leak extends Error {
  override name = 'Leak';
}

function noSecrets(world: World, text: string, where: string): void {
  if (text.includes(marker))
    throw new Leak(
      `a canary reached ${where}: ${text.slice(text.indexOf(marker) - 40, text.indexOf(marker) + 40)}`,
    );
  for (const fragment of world.ciphertextFragments) {
    if (text.includes(fragment)) throw new Leak(`ciphertext bytes reached ${where}`);
  }
}

/** Released parts must be texts the client confirmed after a preview, exactly as previewed, of that engagement. */
function checkReleased(
  world: World,
  pieces: Pieces,
  engagementId: string | undefined,
  where: string,
  live: boolean,
) {
  for (const part of pieces.released) {
    const confirmed = world.released.get(part.releaseId);
    if (!confirmed) throw new Leak(`${where} carries release ${part.releaseId} the client never confirmed`);
    if (confirmed.text !== part.text)
      throw new Leak(`${where} carries a released text other than the preview`);
    if (
      confirmed.engagementId !== part.engagementId ||
      (engagementId && engagementId !== part.engagementId)
    ) {
      throw new Leak(`${where} carries another engagement's released text`);
    }
    if (live && !world.liveReleases.has(part.releaseId))
      throw new Leak(`${where} shows a withdrawn or superseded release`);
  }
}

/** Sponsor space and sponsor replies: logistics, sponsor-authored and released text only; no canary elsewhere. */
function checkShared(
  world: World,
  item: unknown,
  engagementId: string | undefined,
  where: string,
  live: boolean,
) {
  const pieces = piecesOf(item);
  if (pieces.privates.length > 0) throw new Leak(`${where} carries private text`);
  checkReleased(world, pieces, engagementId, where, live);
  noSecrets(world, pieces.strings.join('\n'), where);
}

/** HR surfaces and people outside the engagement: nothing but logistics. */
function checkAdmin(world: World, item: unknown, where: string) {
  const pieces = piecesOf(item);
  if (pieces.privates.length > 0 || pieces.released.length > 0) throw new Leak(`${where} carries content`);
  noSecrets(world, pieces.strings.join('\n'), where);
}

/** The coach sees only what their client shared with them (and released text, as the sponsor does). */
function checkCoach(world: World, item: unknown, where: string, live: boolean) {
  const pieces = piecesOf(item);
  checkReleased(world, pieces, undefined, where, live);
  noSecrets(world, pieces.strings.join('\n'), where);
  for (const part of pieces.privates) {
    const e = world.engagementIds.indexOf(part.engagementId);
    for (const canary of part.text.match(canaryPattern) ?? []) {
      if (e < 0 || !world.coachVisible[e as 0 | 1].has(canary))
        throw new Leak(`${where} shows a coach unshared text`);
    }
  }
}

/** The client sees their own engagement's private text and nobody else's. */
function checkClient(world: World, item: unknown, ownEngagement: 0 | 1, where: string) {
  const pieces = piecesOf(item);
  const text = [...pieces.strings, ...pieces.privates.map((p) => p.text)].join('\n');
  for (const canary of text.match(canaryPattern) ?? []) {
    if (world.canaryOwner.get(canary) !== ownEngagement)
      throw new Leak(`${where} shows another client's text`);
  }
}

function checkReply(world: World, role: Role, ownEngagement: 0 | 1, item: unknown) {
  const where = `a reply to the ${role}`;
  if (role === 'client') checkClient(world, item, ownEngagement, where);
  else if (role === 'sponsor') checkShared(world, item, world.engagementIds[ownEngagement], where, true);
  else if (role === 'coach' || role === 'coach2') checkCoach(world, item, where, true);
  else checkAdmin(world, item, where);
}

/** Scans what the last command produced: new outbox rows (decrypted), new replies and refusals. */
export async function scanNew(world: World, replyStart: number, errorStart: number): Promise<void> {
  for (const engagementId of world.engagementIds) {
    for (const entry of await world.core.uow.read.outbox.listByEngagement(engagementId)) {
      if (world.scannedOutbox.has(entry.id)) continue;
      world.scannedOutbox.add(entry.id);
      if (entry.ciphertext.length === 0) continue;
      const payload = deserializePayload(world.core.cipher.open(entry, outboxRow(entry)));
      if (payload.type !== 'message') continue;
      const message: OutboundMessage = payload.message;
      const d = message.destination;
      if (d.kind === 'hr' || (d.kind === 'reply' && d.audience === 'admin'))
        checkAdmin(world, message, 'an HR message');
      else if (d.kind === 'space' && d.space === 'sponsor')
        checkShared(world, message, d.engagementId, 'the sponsor space', false);
      else if (d.kind === 'space' && d.space === 'coaching')
        checkCoach(world, message, 'the coaching space', false);
    }
  }
  for (const { role, ownEngagement, item } of world.replies.slice(replyStart))
    checkReply(world, role, ownEngagement, item);
  for (const { text } of world.errors.slice(errorStart)) noSecrets(world, text, 'an error message');
}

/** At rest: no canary in any stored row in plain form, in any audit entry or in any log line. */
export function scanAtRest(world: World): void {
  for (const { table, row } of world.uow.dumpRows()) {
    for (const value of Object.values(row)) {
      if (Buffer.isBuffer(value) && value.includes(marker)) throw new Leak(`plain text in ${table} bytes`);
    }
    const json = JSON.stringify(row);
    if (json.includes(marker)) throw new Leak(`plain text in a ${table} row`);
    if (table === 'audit') noSecrets(world, json, 'the audit log');
  }
  noSecrets(world, world.core.logLines.join(''), 'the logs');
}
