import { z } from 'zod';
import type { Person } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import { maxSponsorText } from '../../messages/compose/sponsor-thread.js';
import { logisticsReply } from '../shared/reply.js';

/** Text a sponsor or HR sends for the sponsor thread: trimmed, not empty, at most 3,000 characters. */
export const sponsorTextSchema = z
  .string()
  .max(50_000, `Keep it under ${maxSponsorText} characters.`)
  .transform((text) => text.trim())
  .pipe(z.string().min(1, 'Write something first.'));

export function requireSponsorTextLength(text: string): string {
  if (text.length > maxSponsorText) {
    throw new TriadError(
      'text_too_long',
      `That is ${text.length} characters; the sponsor thread takes at most ${maxSponsorText}.`,
      'Shorten it, or post it in two parts.',
    );
  }
  return text;
}

/** The answer to a sponsor (or HR) asking for something private: a clear no, and what they can do instead. */
export function privateRequestRefusal(
  personId: string,
  audience: 'shared' | 'admin',
  engagementId: string,
  client: Person,
) {
  return logisticsReply({
    audience,
    personId,
    engagementId,
    summary: 'Triad cannot share that',
    lines: [
      `I can't share that. What ${client.displayName} writes in their reflections, goal drafts and coaching space is confidential to them, and Triad keeps no figures about it for sponsors or HR unless ${client.displayName} chooses to share.`,
      `Ask ${client.displayName} in the sponsor thread: they decide what to share, and what they release appears there. Your message was not posted.`,
    ],
  });
}
