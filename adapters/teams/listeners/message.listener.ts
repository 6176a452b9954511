import { isHrCommandWord } from '../../../src/commands/dm-words.js';
import { isLive } from '../../../src/engagement/lifecycle.js';
import { type ResolvedActor, resolveActor } from '../../../src/use-cases/actor.js';
import { exportMyData } from '../../../src/use-cases/client/export-my-data.js';
import { listMyGoals } from '../../../src/use-cases/goals/list-my-goals.js';
import { openGoalForm } from '../../../src/use-cases/goals/open-goal-form.js';
import { answerFromPlainMessage } from '../../../src/use-cases/reflections/answer-from-plain-message.js';
import { relayToSponsorThread } from '../../../src/use-cases/sponsor/relay-to-sponsor-thread.js';
import { groupHelp, hrHelp, personalHelp } from '../commands/help.js';
import { runTeamsCommand } from '../commands/run-teams-command.js';
import { plainTeamsText, readTeamsText } from '../commands/teams-text.js';
import { describeError, TeamsInputError } from '../errors.js';
import { VIEW_EXPORT, VIEW_GOALS } from '../render/dialog-card.js';
import { renderMessageActivity } from '../render/message-card.js';
import { gateForTeams } from '../teams-gate.js';
import { answer, answerWords, type Reopen, type Reply } from '../turn/respond.js';
import type { Turn } from '../turn/turn.js';

/** The live engagements the actor is the client or the sponsor of. */
async function rolesOf(turn: Turn, resolved: ResolvedActor) {
  const person = resolved.person;
  const live = person
    ? (await turn.core.uow.read.engagements.listForPerson(person.id)).filter((e) => isLive(e.stage))
    : [];
  return {
    client: live.some((e) => e.clientId === person?.id),
    sponsor: live.some((e) => e.sponsorId === person?.id),
  };
}

/** A reply that, when it holds private text, the chat shows as a button opening it in a dialog (`actionId`). */
interface Answer {
  reply: Reply;
  reopen?: Reopen;
  downloadUrl?: string;
}

const privately = (reply: Reply, actionId: string): Answer => ({ reply, reopen: { actionId } });

/** What a 1:1 message is: help, an HR command, a client word, a reflection answer, or words for the sponsor chat. */
async function personalMessage(turn: Turn): Promise<Reply | Answer> {
  const { actor, core } = turn;
  const { text } = readTeamsText(turn.context.activity);
  const word = text.split(/\s+/)[0]?.toLowerCase() ?? '';
  const resolved = await resolveActor(core.uow.read, core, actor);
  const roles = await rolesOf(turn, resolved);
  if (text === '' || text.toLowerCase() === 'help') {
    const help = resolved.isHrAdmin ? hrHelp(actor.platformUserId) : personalHelp(actor.platformUserId);
    return gateForTeams(help, core, false);
  }
  if (isHrCommandWord(word) && (resolved.isHrAdmin || !roles.client || text.toLowerCase() === word)) {
    return runTeamsCommand(turn);
  }
  switch (text.toLowerCase()) {
    case 'goals':
      return privately((await listMyGoals({ actor, surface: 'client_dm' }, core)).reply, VIEW_GOALS);
    case 'goal':
      return privately((await openGoalForm({ actor }, core)).form, 'goal.draft');
    case 'export': {
      const exported = await exportMyData({ actor, surface: 'client_dm' }, core);
      const downloadUrl = turn.deps.exportLink?.(exported);
      return { ...privately(exported.reply, VIEW_EXPORT), ...(downloadUrl ? { downloadUrl } : {}) };
    }
  }
  const requestKey = `teams:${turn.context.activity.id ?? ''}`;
  if (roles.client) {
    return (
      await answerFromPlainMessage({ actor, text: plainTeamsText(turn.context.activity), requestKey }, core)
    ).reply;
  }
  if (roles.sponsor) {
    return (
      await relayToSponsorThread(
        { actor, text: plainTeamsText(turn.context.activity), requestId: requestKey },
        core,
      )
    ).reply;
  }
  if (resolved.isHrAdmin) return runTeamsCommand(turn);
  throw new TeamsInputError('I did not understand that.', 'Type help to see what Triad does here.');
}

/** In a group chat Triad hears only messages that @mention it: help is answered there, anything else privately. */
async function groupMessage(turn: Turn): Promise<void> {
  const { text } = readTeamsText(turn.context.activity);
  const word = text.split(/\s+/)[0]?.toLowerCase() ?? '';
  if (text === '' || word === 'help') {
    const help = await gateForTeams(groupHelp(turn.actor.platformUserId), turn.core, false);
    await turn.context.sendActivity(renderMessageActivity(help));
    return;
  }
  throw new TeamsInputError(
    isHrCommandWord(word)
      ? 'HR commands work only in your 1:1 chat with Triad, so nothing about an engagement is shown in a group chat.'
      : 'In group chats Triad answers only to help and to the buttons on its messages.',
    'Write to Triad in your 1:1 chat.',
  );
}

/** A typed message (not a card action). Refusals answer in the sender's 1:1 chat and change nothing. */
export async function onMessage(turn: Turn): Promise<void> {
  try {
    if (!turn.personal) {
      await groupMessage(turn);
      return;
    }
    const outcome = await personalMessage(turn);
    if ('reply' in outcome)
      await answer(
        turn,
        outcome.reply,
        outcome.reopen,
        outcome.downloadUrl ? { downloadUrl: outcome.downloadUrl } : {},
      );
    else await answer(turn, outcome);
  } catch (error) {
    const words = describeError(error);
    if (!words) throw error;
    await answerWords(turn, words);
  }
}
