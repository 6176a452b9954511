import type { CommandHint } from '../messages/command-hint.js';
import type { TimePart } from '../messages/time-part.js';
import type { PrivateText } from './private-text.js';

/**
 * Every piece of text in an outbound message carries its provenance (DESIGN section 3):
 * - logistics: bot-composed text about meetings, reminders, lifecycle, names;
 * - sponsor_authored: typed by a triad member in the shared sponsor thread;
 * - released: a client-approved snapshot of private text, bound to a release and its hash;
 * - private: typed in a private space, or derived from it;
 * - command: a bot-composed hint naming a command (src/messages/command-hint.ts) that each platform writes in
 *   its own words; it holds a command name and an engagement id, nothing typed;
 * - time: a bot-composed meeting time (src/messages/time-part.ts) that each platform shows in each reader's own
 *   zone; it holds an instant and a zone name, nothing typed.
 */
export interface LogisticsPart {
  readonly kind: 'logistics';
  readonly text: string;
}

export interface SponsorAuthoredPart {
  readonly kind: 'sponsor_authored';
  readonly text: string;
  readonly engagementId: string;
  readonly authorId: string;
}

export interface ReleasedPart {
  readonly kind: 'released';
  readonly text: string;
  readonly engagementId: string;
  readonly releaseId: string;
  /** The consent's keyed hash; the gate recomputes the hash of `text` and compares it with the consent's own. */
  readonly textHash: string;
}

export interface PrivatePart {
  readonly kind: 'private';
  readonly text: PrivateText;
  readonly engagementId: string;
  /**
   * The person ids who may read this text (src/policy/readers.ts): the entry's readers when it comes from a
   * stored entry, the author when it was just typed. The gate shows it only to these people.
   */
  readonly readers: readonly string[];
}

export type { CommandHint, TimePart };

export type Part = LogisticsPart | CommandHint | TimePart | SponsorAuthoredPart | ReleasedPart | PrivatePart;
/** What a message to the sponsor thread may carry. */
export type SharedPart = LogisticsPart | CommandHint | TimePart | SponsorAuthoredPart | ReleasedPart;
/** What HR surfaces may carry: lifecycle metadata, command hints and meeting times only. */
export type AdminPart = LogisticsPart | CommandHint | TimePart;

export const logistics = (text: string): LogisticsPart => ({ kind: 'logistics', text });

export const sponsorAuthored = (
  text: string,
  engagementId: string,
  authorId: string,
): SponsorAuthoredPart => ({
  kind: 'sponsor_authored',
  text,
  engagementId,
  authorId,
});

export const privatePart = (
  text: PrivateText,
  engagementId: string,
  readers: readonly string[],
): PrivatePart => ({ kind: 'private', text, engagementId, readers: [...readers] });
