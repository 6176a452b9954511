import type { TurnContext } from 'botbuilder';
import { logisticsReply } from '../../src/use-cases/shared/reply.js';
import { renderMessageActivity } from './render/message-card.js';
import { type GateContext, gateForTeams } from './teams-gate.js';

/**
 * What a person in a tenant this Triad does not serve is told, and when. Teams lets a bot answer only some
 * activities: Triad answers the install (the bot added to a 1:1 chat, a group chat or a team) and a message in a
 * 1:1 chat, once each, with static words that name no one and nothing but the person's own tenant id (which their
 * administrator needs to ask for access). Card actions, dialogs and group-chat messages get the 403 alone: their
 * buttons were never Triad's in that tenant. Nothing is stored and no use case runs; the log names the tenant id.
 */
export function shouldExplainRefusal(context: TurnContext): boolean {
  const { activity } = context;
  if (activity.type === 'conversationUpdate') {
    const botId = activity.recipient?.id;
    return botId !== undefined && (activity.membersAdded ?? []).some((member) => member.id === botId);
  }
  return activity.type === 'message' && activity.conversation?.conversationType === 'personal';
}

/** The refusal's words: who to ask, with the contact the operator configured (TRIAD_OPERATOR_CONTACT) if any. */
export function refusalWords(tenantId: string, operatorContact: string | undefined) {
  const ask = operatorContact
    ? `Ask your Microsoft 365 administrator to contact ${operatorContact}, who runs this Triad, to add your organisation.`
    : 'Ask your Microsoft 365 administrator to contact whoever provided the Triad app to your organisation, to add it.';
  return logisticsReply({
    personId: 'unknown',
    audience: 'shared',
    summary: 'Your organisation is not set up with this Triad.',
    lines: [
      'Your organisation is not set up to use this Triad, so Triad cannot do anything here yet and nothing was saved.',
      ask,
    ],
    notes: [`Your organisation's Microsoft 365 tenant id: ${tenantId}`],
  });
}

/** Sends the refusal into the conversation the activity came from; a failure is only logged (ids only). */
export async function explainRefusal(
  context: TurnContext,
  tenantId: string,
  deps: GateContext & { operatorContact?: string | undefined },
): Promise<void> {
  try {
    const gated = await gateForTeams(refusalWords(tenantId, deps.operatorContact), deps, false);
    await context.sendActivity(renderMessageActivity(gated));
  } catch (error) {
    deps.logger.warn({ err: (error as Error)?.name, tenantId }, 'refusal could not be sent');
  }
}
