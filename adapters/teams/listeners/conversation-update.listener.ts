import { words } from '../../../src/confidentiality/words.js';
import { routeDirectMessage } from '../../../src/use-cases/direct-messages/route-direct-message.js';
import { linkGroupChat } from '../../../src/use-cases/spaces/link-group-chat.js';
import { unlinkGroupChat } from '../../../src/use-cases/spaces/unlink-group-chat.js';
import { groupHelp } from '../commands/help.js';
import { runTeamsCommand } from '../commands/run-teams-command.js';
import { renderMessageActivity } from '../render/message-card.js';
import { humans } from '../spaces/space-members.js';
import { gateForTeams } from '../teams-gate.js';
import { answerWords } from '../turn/respond.js';
import type { Turn } from '../turn/turn.js';
import { rememberSender } from './remember-sender.js';

const LINKED: Record<'sponsor' | 'coaching', string> = {
  sponsor:
    'Triad is linked to this chat as the sponsor chat of a coaching engagement: meeting logistics, and what the client chooses to share, appear here.',
  coaching:
    'Triad is linked to this chat as the private coaching chat of a coaching engagement: sessions and what the client shares with the coach appear here.',
};

/** Posts static words (no engagement data) into the chat the activity came from, gated like any message. */
async function say(turn: Turn, lines: string[]): Promise<void> {
  const gated = await gateForTeams(
    {
      audience: 'shared',
      destination: { kind: 'reply', audience: 'shared', personId: turn.actor.platformUserId },
      summary: words(lines[0] ?? ''),
      blocks: lines.map((line) => ({ type: 'section', text: [{ kind: 'logistics', text: line }] })),
    },
    turn.deps.core,
    false,
  );
  await turn.context.sendActivity(renderMessageActivity(gated));
}

/** The chat as the core links it: its address, and the people in it (bots left out). */
async function chatOf(turn: Turn, memberIds?: string[]) {
  const roster = memberIds ?? humans(await turn.deps.connector.roster(turn.address)).map((m) => m.id);
  return {
    platform: 'teams' as const,
    tenantId: turn.address.tenantId,
    address: { ...turn.address, conversationType: 'groupChat' as const },
    memberIds: roster,
  };
}

/** Triad was added to a group chat, or its members changed: the core links it when the members match a space. */
async function onGroupChat(turn: Turn, botAdded: boolean): Promise<void> {
  const chat = await chatOf(turn);
  const outcome = await linkGroupChat(
    { ...chat, actorPlatformUserId: turn.actor.platformUserId },
    turn.deps.core,
  );
  if (outcome.kind === 'linked') {
    await say(turn, [LINKED[outcome.space], 'Messages that were waiting for this chat follow now.']);
    return;
  }
  if (outcome.kind === 'already_linked') return;
  if (outcome.kind === 'taken') {
    if (botAdded) await say(turn, ['This engagement already has its chat; Triad posts there, not here.']);
    return;
  }
  if (botAdded) {
    const help = await gateForTeams(groupHelp(turn.actor.platformUserId), turn.deps.core, false);
    await turn.context.sendActivity(renderMessageActivity(help));
  }
}

/** Triad was removed from a chat: the space linked to it is unlinked, so its messages wait for a new chat. */
async function onRemoved(turn: Turn): Promise<void> {
  await unlinkGroupChat(await chatOf(turn, [turn.actor.platformUserId]), turn.deps.core);
}

/**
 * `conversationUpdate`: Triad installed for a person (a 1:1 chat: remember it, say hello), added to or removed
 * from a group chat, or a group chat's members changed.
 */
export async function onConversationUpdate(turn: Turn): Promise<void> {
  const { activity } = turn.context;
  const botId = activity.recipient?.id;
  const added = (activity.membersAdded ?? []).some((m) => m.id === botId);
  const removed = (activity.membersRemoved ?? []).some((m) => m.id === botId);
  if (removed) {
    await onRemoved(turn);
    return;
  }
  if (turn.personal) {
    if (!added) return;
    await rememberSender(turn);
    // The greeting is the DM's own help for the person's roles, as `help` would answer it.
    const greeting = await routeDirectMessage(
      { actor: turn.actor, text: 'help', requestKey: `teams:installed:${activity.id ?? ''}` },
      { ...turn.core, runHrCommand: () => runTeamsCommand(turn) },
    );
    if (greeting.meaning === 'help') await turn.context.sendActivity(renderMessageActivity(greeting.reply));
    return;
  }
  if (turn.address.conversationType === 'channel') {
    if (added) {
      await answerWords(turn, {
        message: 'Triad works in 1:1 chats and group chats, not in team channels.',
        hint: 'Install Triad for yourself and start a group chat for a sponsor or coaching space.',
      });
    }
    return;
  }
  const changed =
    added || (activity.membersAdded?.length ?? 0) > 0 || (activity.membersRemoved?.length ?? 0) > 0;
  if (changed) await onGroupChat(turn, added);
}
