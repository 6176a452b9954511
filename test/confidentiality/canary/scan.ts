import { isPrivateText, revealPrivateText } from '../../../src/confidentiality/private-text.js';
import { outboxRow } from '../../../src/confidentiality/sealed-rows.js';
import type { OutboundMessage } from '../../../src/messages/message.js';
import { deserializePayload } from '../../../src/messages/serialize.js';
import { checkViewer, currentCoach, Leak } from './oracle.js';
import { type E, marker, type Received, tenantOf, viewerName, type World } from './world.js';

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

/** Each outbox row as written, checked against the people its destination reaches at that moment. */
async function checkOutboxMessage(world: World, message: OutboundMessage): Promise<void> {
  const d = message.destination;
  if (d.kind === 'hr' || (d.kind === 'reply' && d.audience === 'admin'))
    return checkAdmin(world, message, 'an HR message');
  if (d.kind !== 'space') return;
  const e = world.engagementIds.indexOf(d.engagementId);
  if (d.space === 'sponsor') checkShared(world, message, d.engagementId, 'the sponsor space', false);
  if (e < 0) return;
  const tenant = tenantOf(e as E);
  const client = world.people.client[e as E];
  if (d.space === 'client_dm') checkViewer(world, { tenant, id: client }, message, 'the client DM');
  if (d.space === 'coaching') {
    const coach = await currentCoach(world, e as E);
    for (const id of [client, coach ?? client])
      checkViewer(world, { tenant, id }, message, 'the coaching space');
  }
}

/** A reply, form or home view: everything in it must be readable by the person who received it. */
function checkReply(world: World, { role, viewer, item }: Received) {
  const where = `a reply to the ${role} ${viewerName(viewer)}`;
  const d = (item as { destination?: { kind?: string; audience?: string } }).destination;
  if (d?.kind === 'reply' && d.audience === 'admin') checkAdmin(world, item, where);
  if (d?.kind === 'reply' && d.audience === 'shared') checkShared(world, item, undefined, where, true);
  checkReleased(world, piecesOf(item), undefined, where, true);
  checkViewer(world, viewer, item, where);
}

/** Scans what the last command produced: new outbox rows (decrypted), new replies and refusals. */
export async function scanNew(world: World, replyStart: number, errorStart: number): Promise<void> {
  for (const engagementId of world.engagementIds) {
    for (const entry of await world.core.uow.read.outbox.listByEngagement(engagementId)) {
      if (world.scannedOutbox.has(entry.id)) continue;
      world.scannedOutbox.add(entry.id);
      if (entry.ciphertext.length === 0) continue;
      const payload = deserializePayload(world.rawCipher.open(entry, outboxRow(entry)));
      if (payload.type === 'message') await checkOutboxMessage(world, payload.message);
    }
  }
  for (const received of world.replies.slice(replyStart)) checkReply(world, received);
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
