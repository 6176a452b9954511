import { helpLine } from '../../commands/help.js';
import { hrCommands } from '../../commands/hr-commands.js';
import type { Wording } from '../../commands/syntax.js';
import { words } from '../../confidentiality/words.js';
import { draftGoalButton } from '../../messages/compose/goal-replies.js';
import { context, header, section } from '../../messages/compose/text.js';
import type { Block, OutboundMessage } from '../../messages/message.js';
import { logisticsReply } from '../shared/reply.js';
import type { DirectMessageRoles } from './direct-message-roles.js';

/** HR commands as typed in a DM with Triad: no prefix, the same on every platform. */
const dmWording: Wording = { quote: (text) => text, written: (command) => command };

const hrCommandHelpLines = [
  ...hrCommands.filter((spec) => spec.name !== 'help').map((spec) => helpLine(spec, dmWording)),
  'Name people with @mentions: type @ and pick them from the list.',
];

const clientLines = [
  'Your reflection questions arrive here. Answer with the Answer button: the answer is kept only in Triad, encrypted. Typing a reply here works too, but it also stays in this chat’s history.',
  'goals — your private goals, to draft, edit, or preview and share with your sponsor. goal — draft a new goal. export — everything you wrote, for you only.',
  'What you write here stays private. Only text you choose to share, after seeing exactly what will be posted, reaches your sponsor.',
];

const sponsorLines = [
  'What you write here can be posted in a sponsor thread, where your client and their coach see it too: you choose which one and confirm first, and nothing is posted before you do.',
];

const coachLines = [
  'Coaches talk with their clients in the coaching space; there is nothing to answer here.',
  'profile — your coach profile (bio, focus, languages, credentials, links), which clients see when they choose their coach.',
  'notes — your private notes on the sessions you held, for you only. Add them with “My private notes (coach)” on a session marked as held.',
];

const nobodyLines = [
  'You have no active coaching engagement in Triad. HR starts engagements; ask them if you expected one.',
  'export — if you were coached with Triad, everything you wrote, for you only, until it is deleted.',
];

/**
 * Help for a direct message, for the roles the sender holds right now (a client and sponsor gets both parts).
 * Bot-composed logistics only, the same words on every platform; each platform adds its markup.
 */
export function directMessageHelp(personId: string, roles: DirectMessageRoles): OutboundMessage<'private'> {
  const blocks: Block[] = [header('What Triad does here')];
  const part = (title: string, lines: readonly string[]) => {
    blocks.push(section(title), ...lines.map((line) => section(line)));
  };
  if (roles.client) part('As a client', clientLines);
  if (roles.sponsor) part('As a sponsor', sponsorLines);
  if (roles.coach) part('As a coach', coachLines);
  if (roles.hr) part('HR commands — type them here', hrCommandHelpLines);
  if (!roles.client && !roles.sponsor && !roles.coach && !roles.hr) part('No engagement', nobodyLines);
  if (roles.hr) {
    blocks.push(
      context(
        'HR sees lifecycle status only. Coaching content stays with the client (and what they share with their coach).',
      ),
    );
  }
  return {
    audience: 'private',
    destination: { kind: 'reply', audience: 'private', personId },
    summary: words('What Triad does here'),
    blocks,
  };
}

/**
 * The answer to a message from someone Triad has nothing to ask: no client, sponsor or HR part. `hrCommand`: the
 * message named an HR command, which only HR programme owners run.
 */
export function nothingToAnswerReply(
  personId: string,
  roles: DirectMessageRoles,
  hrCommand: boolean,
): OutboundMessage<'private'> {
  return logisticsReply({
    audience: 'private',
    personId,
    summary: 'Triad has nothing for you to answer here',
    lines: [
      'Triad has nothing for you to answer here.',
      ...(hrCommand ? ['Only HR programme owners can run HR commands.'] : []),
    ],
    notes: [
      roles.coach
        ? 'Coaches talk with their clients in the coaching space. Type help to see what Triad does here.'
        : 'Type help to see what Triad does here.',
    ],
  });
}

/**
 * A short reply with the button that opens the goal form, for a platform that can open a form only from a button
 * (a Slack modal needs the click's trigger); the button is the goal list's own "Draft a goal".
 */
export function goalFormOpener(personId: string, engagementId: string): OutboundMessage<'private'> {
  return {
    audience: 'private',
    destination: { kind: 'reply', audience: 'private', personId, engagementId },
    summary: words('Draft a goal'),
    blocks: [
      section('Draft a goal privately: only you see it until you choose to share it, after a preview.'),
      { type: 'actions', elements: [draftGoalButton(engagementId)] },
    ],
  };
}
