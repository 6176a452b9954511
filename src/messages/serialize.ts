import { z } from 'zod';
import type { Part } from '../confidentiality/parts.js';
import { PrivateText, revealPrivateText } from '../confidentiality/private-text.js';
import type { OutboundMessage } from './message.js';

/**
 * Outbox payloads: a message, a membership change of a space, or a retraction. Serialized to JSON with private text
 * unwrapped — the JSON is only ever stored encrypted — and revived into PrivateText on the way out.
 */
export type OutboxPayload =
  | { type: 'message'; message: OutboundMessage }
  | {
      type: 'membership';
      change: 'add' | 'remove';
      engagementId: string;
      space: 'coaching' | 'sponsor';
      personId: string;
    }
  | RetractionPayload
  | InvitationPayload;

/**
 * Invites a coach from outside the organisation to a space (Slack Connect): ids only; delivery reads the
 * address from the invitation row and records the platform's invite id there.
 */
export interface InvitationPayload {
  type: 'invitation';
  engagementId: string;
  space: 'coaching' | 'sponsor';
  invitationId: string;
}

/**
 * Takes back a message Triad posted (a withdrawn release): ids only, never content. `retracts` is the outbox id
 * of the entry whose posted message is deleted; delivery finds the platform's message id on that entry.
 */
export interface RetractionPayload {
  type: 'retraction';
  engagementId: string;
  space: 'coaching' | 'sponsor';
  retracts: string;
}

/** The only keys a retraction may have: one that carries anything else is refused at delivery. */
export const retractionKeys: readonly string[] = ['type', 'engagementId', 'space', 'retracts'];

const PRIVATE_TAG = '$private';

/** What a PrivateText becomes in JSON written without the replacer (its `toJSON`). */
const REDACTED_JSON = JSON.stringify(PrivateText.of(''));

export function serializePayload(payload: OutboxPayload): string {
  // Most payloads (bot-composed logistics) hold no private text: written plainly, they cannot show the text a
  // PrivateText prints as, so the replacer, called for every value, is needed only when they do (or seem to).
  const plain = JSON.stringify(payload);
  if (!plain.includes(REDACTED_JSON)) return plain;
  return JSON.stringify(payload, function replacer(this: unknown, key, value) {
    const holder = this as Record<string, unknown>;
    const raw = holder[key];
    if (raw instanceof PrivateText) return { [PRIVATE_TAG]: revealPrivateText(raw) };
    return value;
  });
}

const payloadShape = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('message'),
    message: z.looseObject({ audience: z.string(), destination: z.any() }),
  }),
  z.object({
    type: z.literal('membership'),
    change: z.enum(['add', 'remove']),
    engagementId: z.string(),
    space: z.enum(['coaching', 'sponsor']),
    personId: z.string(),
  }),
  z.object({
    type: z.literal('invitation'),
    engagementId: z.string(),
    space: z.enum(['coaching', 'sponsor']),
    invitationId: z.string(),
  }),
  // Loose on purpose: extra keys survive parsing so that delivery can see them and refuse the entry.
  z.looseObject({
    type: z.literal('retraction'),
    engagementId: z.string(),
    space: z.enum(['coaching', 'sponsor']),
    retracts: z.string(),
  }),
]);

/**
 * Whether a payload's JSON may hold private text: its tag, written as is or with an escape (`\u0024`). Without
 * either no key can be the tag, so the JSON is parsed without a reviver (most payloads: bot-composed logistics).
 */
const mayHoldPrivate = (json: string) => json.includes(PRIVATE_TAG) || json.includes('\\u');

export function deserializePayload(json: string): OutboxPayload {
  const revived = mayHoldPrivate(json)
    ? JSON.parse(json, (_key, value) => {
        if (value && typeof value === 'object' && PRIVATE_TAG in value && Object.keys(value).length === 1) {
          return PrivateText.of(String((value as Record<string, unknown>)[PRIVATE_TAG]));
        }
        return value;
      })
    : JSON.parse(json);
  return payloadShape.parse(revived) as OutboxPayload;
}

export type { Part };
