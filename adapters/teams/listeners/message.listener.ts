import { isHrCommandWord } from '../../../src/commands/dm-words.js';
import { goalActions } from '../../../src/messages/compose/goal-replies.js';
import { routeDirectMessage } from '../../../src/use-cases/direct-messages/route-direct-message.js';
import { groupHelp } from '../commands/help.js';
import { readsAsTeamsCommand, runTeamsCommand } from '../commands/run-teams-command.js';
import { plainTeamsText, readTeamsText } from '../commands/teams-text.js';
import { describeError, TeamsInputError } from '../errors.js';
import { VIEW_EXPORT, VIEW_GOALS, VIEW_NOTES } from '../render/dialog-card.js';
import { type DownloadButton, renderMessageActivity } from '../render/message-card.js';
import { gateForTeams } from '../teams-gate.js';
import { answer, answerWords, isForm, type Reopen, type Reply } from '../turn/respond.js';
import type { Turn } from '../turn/turn.js';

/** A reply that, when it holds private text, the chat shows as a button opening it in a dialog (`actionId`). */
interface Answer {
  reply: Reply;
  reopen?: Reopen;
  downloadUrl?: string;
  downloads?: DownloadButton[];
}

/** A command's reply; a file it carries (HR's report) goes as download links when Triad has a public URL. */
async function commandAnswer(turn: Turn, reply: Reply): Promise<Answer> {
  const origin = isForm(reply) ? undefined : reply.file?.origin;
  const downloads = origin && turn.deps.fileLinks ? await turn.deps.fileLinks(origin) : [];
  return downloads.length > 0 ? { reply, downloads } : { reply };
}

const privately = (reply: Reply, actionId: string): Answer => ({ reply, reopen: { actionId } });

/**
 * A 1:1 message: the core decides what it means for the sender (`routeDirectMessage`); an HR command is read by
 * the Teams grammar from the activity itself, where mentions are bound to their users. Private replies (goals,
 * the goal form, the export, a coach's notes) open in a dialog; the export links to its download when Triad has a public URL.
 */
async function personalMessage(turn: Turn): Promise<Answer> {
  const { actor, core } = turn;
  const { activity } = turn.context;
  const outcome = await routeDirectMessage(
    { actor, text: plainTeamsText(activity), requestKey: `teams:${activity.id ?? ''}` },
    {
      ...core,
      runHrCommand: () => runTeamsCommand(turn),
      readsAsHrCommand: () => readsAsTeamsCommand(turn),
    },
  );
  switch (outcome.meaning) {
    case 'hr_command':
      return commandAnswer(turn, outcome.result);
    case 'goals':
      return privately(outcome.reply, VIEW_GOALS);
    case 'goal_form':
      return privately(outcome.form, goalActions.draft);
    case 'profile_form':
      return { reply: outcome.form };
    case 'notes':
      return privately(outcome.reply, VIEW_NOTES);
    case 'export': {
      const downloadUrl = turn.deps.exportLink?.(outcome.exported);
      return { ...privately(outcome.reply, VIEW_EXPORT), ...(downloadUrl ? { downloadUrl } : {}) };
    }
    default:
      return { reply: outcome.reply };
  }
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
    await answer(turn, outcome.reply, outcome.reopen, {
      ...(outcome.downloadUrl ? { downloadUrl: outcome.downloadUrl } : {}),
      ...(outcome.downloads ? { downloads: outcome.downloads } : {}),
    });
  } catch (error) {
    const words = describeError(error);
    if (!words) throw error;
    await answerWords(turn, words);
  }
}
