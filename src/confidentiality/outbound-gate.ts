import { TriadError } from '../errors.js';
import { commandHintSchema } from '../messages/command-hint.js';
import type { SpaceKind } from '../messages/message.js';
import {
  type Audience,
  audienceOf,
  type Block,
  type Form,
  type OutboundMessage,
} from '../messages/message.js';
import { timePartSchema } from '../messages/time-part.js';
import { mayAllRead, mayRead } from '../policy/readers.js';
import type { Logger } from '../ports/logger.js';
import { stringsViolation } from './message-strings.js';
import type { Part } from './parts.js';
import { isPrivateText } from './private-text.js';

declare const gatedBrand: unique symbol;
/** A message or form that passed the outbound gate. Platform renderers accept nothing else. */
export type Gated<T> = T & { readonly [gatedBrand]: true };

export interface GateLookups {
  /**
   * Current state of a release and its consent's keyed hash (null without a consent): only a live release whose
   * text hashes to the consent's hash may be shown.
   */
  release(
    releaseId: string,
  ): Promise<{ engagementId: string; status: string; consentHash: string | null } | undefined>;
  /** Whether `text` has keyed hash `hash` (recomputed, never read from the row that holds the text). */
  hashMatches(text: string, hash: string): boolean;
  /**
   * The person ids who read a space of an engagement: when a message is written, the people bound to the live
   * space row (client_dm: the client; coaching: the client and that space's coach); at delivery, the readers
   * recorded on the outbox entry. Undefined when there is no such space.
   */
  spaceReaders(engagementId: string, space: SpaceKind): Promise<readonly string[] | undefined>;
}

export interface GateDecision {
  action: 'outbound_gate';
  outcome: 'allowed' | 'refused';
  engagementId: string | null;
  details: {
    destination: string;
    audience: Audience;
    parts: Record<Part['kind'], number>;
    releaseIds: string[];
    reason?: string;
  };
}

export interface GateDeps {
  lookups: GateLookups;
  /** Records the decision (ids and counts only) — in the same transaction as the outbox row when there is one. */
  audit(decision: GateDecision): Promise<void>;
  logger: Logger;
  /** Audit allowed decisions too (at enqueue); the delivery-time re-check audits refusals only. */
  auditAllowed: boolean;
}

type Item = OutboundMessage | Form;

function partsOfBlocks(blocks: readonly Block[] | undefined): Part[] {
  const parts: Part[] = [];
  for (const block of blocks ?? []) {
    if (block.type === 'section' || block.type === 'context') parts.push(...block.text);
    if (block.type === 'fields') for (const field of block.fields) parts.push(...field.value);
  }
  return parts;
}

function partsOf(item: Item): Part[] {
  if ('blocks' in item) return [...partsOfBlocks(item.blocks), ...(item.file?.content ?? [])];
  const parts = partsOfBlocks(item.intro);
  for (const field of item.fields) if (field.type === 'text' && field.initial) parts.push(field.initial);
  return parts;
}

function engagementOf(item: Item): string | null {
  const d = item.destination;
  return d.kind === 'space' ? d.engagementId : (d.engagementId ?? null);
}

async function violation(item: Item, part: Part, lookups: GateLookups): Promise<string | undefined> {
  const audience = audienceOf(item.destination);
  const engagementId = engagementOf(item);
  // A command hint carries a command name and an engagement id, nothing else: checked by shape, like a value.
  if (part.kind === 'command')
    return commandHintSchema.safeParse(part).success ? undefined : 'malformed_command';
  // A meeting time carries an instant and a zone name, nothing else: bot-composed logistics, checked by shape.
  if (part.kind === 'time') return timePartSchema.safeParse(part).success ? undefined : 'malformed_time';
  if (part.kind !== 'private' && typeof part.text !== 'string') return 'non_string_text';
  if (part.kind === 'logistics') return undefined;
  if (audience === 'admin') return `${part.kind}_to_admin`;
  if (part.engagementId !== engagementId) return 'other_engagement';
  if (part.kind === 'sponsor_authored') return undefined;
  if (part.kind === 'released') {
    const release = await lookups.release(part.releaseId);
    if (!release || release.engagementId !== part.engagementId) return 'unknown_release';
    if (release.status !== 'released') return `release_${release.status}`;
    // The decrypted text itself is hashed: a hash stored beside a ciphertext proves nothing about it.
    if (!release.consentHash || !lookups.hashMatches(part.text, release.consentHash)) {
      return 'release_hash_mismatch';
    }
    return undefined;
  }
  if (!isPrivateText(part.text)) return 'private_not_sealed';
  if (audience !== 'private') return 'private_to_shared';
  const d = item.destination;
  // Per viewer: every person who will read the destination must be one of the part's readers.
  if (d.kind === 'space') {
    const readers = await lookups.spaceReaders(d.engagementId, d.space);
    if (!readers || readers.length === 0) return 'unknown_space';
    return mayAllRead(readers, part) ? undefined : 'private_to_non_reader';
  }
  if (d.kind === 'reply') return mayRead(d.personId, part) ? undefined : 'private_to_other_person';
  return 'private_to_hr';
}

/**
 * The one outbound gate (DESIGN section 3). Every message and form bound for any platform passes here:
 * each part's provenance is checked against the destination's audience. A violation is refused, audited
 * without content and raised as an alert; the caller gets a TriadError and nothing is sent.
 */
export async function passOutboundGate<T extends Item>(item: T, deps: GateDeps): Promise<Gated<T>> {
  const audience = audienceOf(item.destination);
  const parts = partsOf(item);
  const counts: Record<Part['kind'], number> = {
    logistics: 0,
    command: 0,
    time: 0,
    sponsor_authored: 0,
    released: 0,
    private: 0,
  };
  const releaseIds: string[] = [];
  let reason: string | undefined = item.audience === audience ? undefined : 'audience_mismatch';
  reason ??= stringsViolation(item);
  if ('blocks' in item && item.file && typeof item.file.name !== 'string') reason ??= 'non_string_text';
  for (const part of parts) {
    counts[part.kind] += 1;
    if (part.kind === 'released') releaseIds.push(part.releaseId);
    reason ??= await violation(item, part, deps.lookups);
  }
  const decision: GateDecision = {
    action: 'outbound_gate',
    outcome: reason ? 'refused' : 'allowed',
    engagementId: engagementOf(item),
    details: {
      destination: describe(item),
      audience,
      parts: counts,
      releaseIds,
      ...(reason ? { reason } : {}),
    },
  };
  if (reason || deps.auditAllowed) await deps.audit(decision);
  if (reason) {
    deps.logger.error(
      {
        alert: 'confidentiality_violation',
        engagementId: decision.engagementId,
        reason,
        destination: describe(item),
      },
      'outbound gate refused a message',
    );
    throw new TriadError(
      'confidentiality_violation',
      'Triad refused to send this because it would show private coaching content to someone who may not see it.',
    );
  }
  return item as Gated<T>;
}

function describe(item: Item): string {
  const d = item.destination;
  if (d.kind === 'space') return `space:${d.space}`;
  return d.kind === 'hr' ? 'hr' : `reply:${d.audience}`;
}
