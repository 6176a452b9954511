import { words } from '../../../src/confidentiality/words.js';
import type { Engagement, Person } from '../../../src/engagement/records.js';
import { context, section, shortId } from '../../../src/messages/compose/text.js';
import type { OutboundMessage, SpaceKind } from '../../../src/messages/message.js';
import type { GroupSpace } from '../../../src/spaces/group-spaces.js';

/**
 * What Triad says on Teams about the group chats it cannot create or change itself: names and instructions
 * only (logistics), never anything from an engagement's content.
 */
const names = (people: readonly Person[]) => {
  const list = people.map((p) => p.displayName);
  return list.length <= 1 ? (list[0] ?? '') : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;
};

const ADD_TRIAD = 'In the chat, open the chat’s apps (“+ Add apps” or “Manage apps”) and add Triad.';

const spaceName = (kind: SpaceKind) => (kind === 'sponsor' ? 'sponsor chat' : 'coaching chat');

const toSpace = (
  engagement: Engagement,
  kind: GroupSpace,
  summary: string,
  lines: string[],
): OutboundMessage => ({
  audience: kind === 'sponsor' ? 'shared' : 'private',
  destination: { kind: 'space', engagementId: engagement.id, space: kind },
  summary: words(summary),
  blocks: lines.map((line) => section(line)),
});

/** To the client, once: how to make the group chat that becomes a space, and who must be in it. */
export function setupNotice(
  kind: GroupSpace,
  engagement: Engagement,
  others: readonly Person[],
): OutboundMessage<'private'> {
  const what =
    kind === 'sponsor'
      ? `Your sponsor chat is where meetings with ${names(others)} are organised and where what you choose to share appears.`
      : `Your coaching chat is the private space for you and ${names(others)}.`;
  return {
    audience: 'private',
    destination: { kind: 'space', engagementId: engagement.id, space: 'client_dm' },
    summary: words(`Set up your ${spaceName(kind)} in Teams`),
    blocks: [
      section(
        `${what} Teams does not let Triad create group chats, so please start a new group chat with exactly you and ${names(others)} — nobody else — and add Triad to it.`,
      ),
      section(ADD_TRIAD),
      context(
        `Triad checks who is in the chat before it links it, and waits with what is meant for it until then. Engagement ${shortId(engagement)}.`,
      ),
    ],
  };
}

/** In a linked chat: someone new belongs in it, and Teams does not let Triad add them. */
export function addMemberNotice(kind: GroupSpace, engagement: Engagement, person: Person): OutboundMessage {
  return toSpace(engagement, kind, `Please add ${person.displayName} to this chat`, [
    `${person.displayName} now belongs in this ${spaceName(kind)}. Teams does not let Triad add people to a group chat: please add ${person.displayName} here.`,
  ]);
}

/** In a linked chat: someone no longer belongs in it; Triad posts nothing more until they are gone. */
export function removeMemberNotice(
  kind: GroupSpace,
  engagement: Engagement,
  person: Person,
): OutboundMessage {
  return toSpace(engagement, kind, `Please remove ${person.displayName} from this chat`, [
    `${person.displayName} is no longer part of this engagement. Teams does not let Triad remove people from a group chat: please remove ${person.displayName} from this chat. Until then Triad posts nothing more here.`,
  ]);
}

/** In a linked chat whose roster no longer matches: why Triad has gone quiet. */
export function rosterNotice(
  kind: GroupSpace,
  engagement: Engagement,
  extra: readonly string[],
): OutboundMessage {
  return toSpace(engagement, kind, 'Triad is waiting for this chat’s members to match', [
    `This ${spaceName(kind)} now includes ${extra.join(', ')}, who is not part of this engagement. Triad posts nothing more here until the chat has only the engagement’s members again.`,
  ]);
}
