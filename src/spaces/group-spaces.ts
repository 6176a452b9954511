import type { Engagement } from '../engagement/records.js';
import type { SpaceKind } from '../messages/message.js';
import { spaceReaders } from '../policy/readers.js';

/** The spaces that are group chats: on Teams people create them and add Triad, which links them. */
export const GROUP_SPACES = ['sponsor', 'coaching'] as const;
export type GroupSpace = (typeof GROUP_SPACES)[number];

export const isGroupSpace = (kind: string): kind is GroupSpace =>
  (GROUP_SPACES as readonly string[]).includes(kind);

/**
 * Who belongs in an engagement's space now: the client's DM is theirs; the current coach joins the others once
 * chosen (a replaced coach no longer belongs). The same people the space's new messages are written for.
 */
export const memberIdsOf = (engagement: Engagement, kind: SpaceKind): string[] =>
  spaceReaders(engagement, { kind, coachId: engagement.coachId });
