import { z } from 'zod';
import { PrivateText, revealPrivateText } from '../../confidentiality/private-text.js';
import type { Engagement } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import type { Action } from '../../policy/permissions.js';
import type { Cipher, SealContext, Sealed } from '../../ports/cipher.js';
import type { Repositories } from '../../ports/repositories.js';
import type { ResolvedActor } from '../actor.js';
import { lockEngagement, requireOpen, requireRole } from '../shared/engagement-access.js';

/**
 * What the client-only use cases share: who may act (the client of the engagement, nobody else — not the
 * coach, sponsor or HR), how private text is sealed and opened, and request de-duplication.
 */
export const idSchema = z.uuid({ message: 'That link is not valid any more. Open it again from your DM.' });

/** A platform request id (Slack action/event id, Teams activity id) to ignore retries and double clicks. */
export const requestKeySchema = z.string().min(1).max(200);

/** Where a command was typed; some answers are given only in the client's private DM. */
export const surfaceSchema = z.enum(['client_dm', 'coaching', 'sponsor', 'other']).default('client_dm');

/** The client's id, when the actor may do `action` as the engagement's client (the table says only they may). */
export function requireClient(engagement: Engagement, resolved: ResolvedActor, action: Action): string {
  requireRole(engagement, resolved, action);
  return engagement.clientId;
}

/** The client's own engagement, locked: the given one, or their live one. */
export async function lockClientEngagement(
  repos: Repositories,
  resolved: ResolvedActor,
  engagementId: string | undefined,
  action: Action,
): Promise<Engagement> {
  const personId = resolved.person?.id;
  const found = engagementId
    ? await repos.engagements.get(engagementId)
    : personId
      ? await repos.engagements.findActiveByClient(personId)
      : undefined;
  if (!found) {
    throw new TriadError(
      'not_found',
      'You have no active coaching engagement.',
      'HR starts engagements; ask them if you expected one.',
    );
  }
  const engagement = await lockEngagement(repos, found.id);
  requireClient(engagement, resolved, action);
  return engagement;
}

/** Private writing is allowed in any live stage, paused included; nothing changes once closed or purged. */
export function requireWritable(engagement: Engagement, options: { allowPaused?: boolean } = {}): void {
  requireOpen(engagement, { allowPaused: options.allowPaused ?? true });
}

export function requireDm(surface: string, what: string): void {
  if (surface !== 'client_dm') {
    throw new TriadError(
      'not_authorised',
      `I show ${what} only in your private DM with Triad.`,
      'Open your DM with Triad and ask there.',
    );
  }
}

/** Seals private text for the row `row` (see `sealed-rows.ts`); it opens in that row only. */
export function sealPrivate(cipher: Cipher, text: PrivateText, row: SealContext): Sealed {
  return cipher.seal(revealPrivateText(text), row);
}

export function openPrivate(cipher: Cipher, sealed: Sealed, row: SealContext): PrivateText {
  return PrivateText.of(cipher.open(sealed, row));
}

/** Records a handled request; false when it was handled before (a retry or a double click). */
export async function firstTime(
  repos: Repositories,
  key: string,
  now: Date,
  outcome: object,
): Promise<boolean> {
  return repos.processed.insert({ key, outcome, createdAt: now });
}

/**
 * Validates a use case's input, turning zod's issues into one readable TriadError: text over a limit is
 * 'text_too_long', anything else 'validation_failed'. Messages name the field, never echo its value.
 */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const tooLong = issue?.code === 'too_big' && issue.origin === 'string';
  throw new TriadError(
    tooLong ? 'text_too_long' : 'validation_failed',
    issue?.message ?? 'That request was not valid.',
    tooLong ? 'Shorten it and try again — nothing was saved.' : 'Nothing was changed.',
  );
}

/** A string field with a readable length limit. */
export const limitedText = (what: string, max: number) =>
  z
    .string()
    .max(max, `${what} is longer than ${max} characters.`)
    .refine((text) => text.trim().length > 0, `${what} is empty.`);
