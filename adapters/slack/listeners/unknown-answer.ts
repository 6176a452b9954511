import type { AckFn, AnyMiddlewareArgs, RespondFn } from '@slack/bolt';
import { readFormMetadata } from '../render/form.js';
import { type ReplyTarget, replyText } from '../reply.js';
import type { SlackDeps } from '../slack-deps.js';

/** The fields of an inbound request that say what it is and who is waiting. */
export interface InboundBody {
  type?: string;
  command?: string;
  callback_id?: string;
  actions?: { action_id?: string; url?: string }[];
  user?: { id?: string };
  user_id?: string;
  channel?: { id?: string };
  channel_id?: string;
  container?: { channel_id?: string };
  view?: { callback_id?: string; private_metadata?: string };
}

const older = (what: string, outcome: string) =>
  `:information_source: ${what} is from an older version of Triad and no longer does anything, so ${outcome}.`;

/** The words for a request no listener knows, or undefined when nobody is waiting for an answer. */
export function unknownWords(body: InboundBody): string | undefined {
  if (body.command !== undefined) {
    const name = /^\/[\w-]{1,40}$/.test(body.command) ? `\`${body.command}\`` : 'That command';
    return `:information_source: Triad does not handle ${name}, so nothing was changed. Type \`/coaching help\` to see what it can do.`;
  }
  switch (body.type) {
    case 'block_actions':
      // A link button opens its page in Slack; the request only needs its acknowledgement.
      if (body.actions?.[0]?.url) return undefined;
      return `${older('This button', 'nothing was changed')} Use the buttons on Triad's newest message.`;
    case 'view_submission':
      return `${older('This form', 'nothing was saved')} Open it again from Triad's newest message.`;
    case 'shortcut':
    case 'message_action':
      return older('This shortcut', 'nothing was changed');
    default:
      return undefined;
  }
}

/** Log-safe name of what came in: the kind of request only (ids from a damaged payload could be anything). */
export const kindOf = (body: InboundBody): string =>
  body.command !== undefined ? 'slash_command' : (body.type ?? 'unknown');

function targetOf(args: AnyMiddlewareArgs & { client: ReplyTarget['client'] }): ReplyTarget | undefined {
  const body = args.body as InboundBody;
  const user = body.user?.id ?? body.user_id;
  if (!user) return undefined;
  const formChannel =
    body.type === 'view_submission' ? readFormMetadata(body.view?.private_metadata).ch : undefined;
  const respond = 'respond' in args ? (args.respond as RespondFn | undefined) : undefined;
  return {
    client: args.client,
    user,
    channel: body.channel?.id ?? body.container?.channel_id ?? body.channel_id ?? formChannel,
    respond,
  };
}

/**
 * Tells the person who acted, ephemerally where they acted (or in their DM with Triad when that channel
 * refuses the bot). A failure to tell is logged by kind and error name, never rethrown: the request was
 * already acknowledged and nothing else depends on this answer.
 */
export async function tellPerson(
  args: AnyMiddlewareArgs & { client: ReplyTarget['client'] },
  deps: SlackDeps,
  words: string,
): Promise<void> {
  const target = targetOf(args);
  if (!target) return;
  try {
    try {
      await replyText(target, words);
    } catch (error) {
      if (!target.channel) throw error;
      await replyText({ client: target.client, user: target.user }, words);
    }
  } catch (error) {
    deps.logger.warn(
      { kind: kindOf(args.body as InboundBody), err: (error as Error)?.name },
      'could not answer a Slack request',
    );
  }
}

/** Acknowledges a request no listener knows (an empty option list for a menu) and says so to the person. */
export async function answerUnknown(
  args: AnyMiddlewareArgs & { client: ReplyTarget['client'] },
  ack: AckFn<unknown>,
  deps: SlackDeps,
): Promise<void> {
  const body = args.body as InboundBody;
  await ack((body.type === 'block_suggestion' ? { options: [] } : undefined) as never);
  deps.logger.info({ kind: kindOf(body) }, 'Slack request no listener handles');
  const words = unknownWords(body);
  if (words) await tellPerson(args, deps, words);
}
