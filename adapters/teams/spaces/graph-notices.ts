import { words } from '../../../src/confidentiality/words.js';
import type { Engagement, Person } from '../../../src/engagement/records.js';
import { context, section } from '../../../src/messages/compose/text.js';
import type { OutboundMessage } from '../../../src/messages/message.js';

/** The Microsoft Graph application permissions that let Triad make the group chats itself. */
export const CHAT_PERMISSIONS = [
  'Chat.Create',
  'Chat.ReadBasic.All',
  'ChatMember.ReadWrite.All',
  'TeamsAppInstallation.ReadWriteSelfForChat.All',
];
/** The one that lets Triad install itself for a person who has never opened it. */
export const REACH_PERMISSION = 'TeamsAppInstallation.ReadWriteSelfForUser.All';

const toHr = (engagement: Engagement, summary: string, lines: string[]): OutboundMessage => ({
  audience: 'admin',
  destination: { kind: 'hr', personId: engagement.startedById, engagementId: engagement.id },
  summary: words(summary),
  blocks: lines.map((line, index) => (index === lines.length - 1 ? context(line) : section(line))),
});

/** To HR, once per tenant: what the admin can grant so people no longer make the group chats by hand. */
export function chatPermissionNotice(engagement: Engagement): OutboundMessage {
  return toHr(engagement, 'Triad can create the Teams group chats itself once your admin allows it', [
    'In your organisation, the client makes each sponsor and coaching group chat by hand and adds Triad to it: your Microsoft 365 admin has not allowed Triad to create them.',
    `To remove that step, a Microsoft Entra admin grants Triad’s app these Microsoft Graph application permissions (admin consent): ${CHAT_PERMISSIONS.join(', ')}; and ${REACH_PERMISSION} so Triad can reach people who have never opened it.`,
    'Until then, nothing is lost: Triad tells the client how to make each chat and waits with what is meant for it.',
  ]);
}

/** To HR, once per person: Triad cannot reach someone of an engagement, and what fixes it. */
export function unreachableNotice(engagement: Engagement, person: Person): OutboundMessage {
  return toHr(engagement, `Triad cannot reach ${person.displayName} in Teams yet`, [
    `Triad cannot reach ${person.displayName} in Teams: Triad is not installed for them.`,
    `Ask ${person.displayName} to open Triad in Teams once, or have your Teams admin install it for them with an app setup policy (Teams admin center › Teams apps › Setup policies › Installed apps), or grant Triad the Microsoft Graph application permission ${REACH_PERMISSION} so it installs itself.`,
    'What is meant for them waits and is delivered as soon as they can be reached.',
  ]);
}
