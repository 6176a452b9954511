import type { AckFn, AnyMiddlewareArgs, App, Context, Middleware, RespondFn } from '@slack/bolt';
import { SOMETHING_WENT_WRONG } from '../errors.js';
import { readFormMetadata } from '../render/form.js';
import { type ReplyTarget, replyText } from '../reply.js';
import type { SlackDeps } from '../slack-deps.js';

/** What this request met on its way through Bolt, kept on its context (one object per request). */
interface RequestState {
  /** A listener's constraints matched (its action id, callback id, command …), so it ran. */
  matched: boolean;
  acked: boolean;
}

const STATE_KEY = 'triadListenerState';
const LISTENER_METHODS = new Set(['action', 'command', 'event', 'message', 'options', 'shortcut', 'view']);

function stateOf(context: Context): RequestState {
  const existing = context[STATE_KEY] as RequestState | undefined;
  if (existing) return existing;
  const state: RequestState = { matched: false, acked: false };
  context[STATE_KEY] = state;
  return state;
}

type Listener = (args: AnyMiddlewareArgs & { context: Context; ack?: AckFn<unknown> }) => Promise<void>;

/** The listener, noting on the request that it ran and when it acknowledged. */
function tracked(listener: Listener): Listener {
  return async (args) => {
    const state = stateOf(args.context);
    state.matched = true;
    const ack = args.ack;
    if (typeof ack !== 'function') return listener(args);
    return listener({
      ...args,
      ack: async (response?: unknown) => {
        state.acked = true;
        await ack(response as never);
      },
    });
  };
}

/**
 * The app as listener folders see it: every listener registered through it is tracked, so `answerUnhandled`
 * knows whether one ran. Listeners must be registered through this, never on the bare app.
 */
export function trackListeners(app: App): App {
  return new Proxy(app, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof property !== 'string' || !LISTENER_METHODS.has(property) || typeof value !== 'function') {
        return value;
      }
      return (...args: unknown[]) => {
        const last = args.length - 1;
        if (typeof args[last] === 'function') args[last] = tracked(args[last] as Listener);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

interface InboundBody {
  type?: string;
  command?: string;
  user?: { id?: string };
  user_id?: string;
  channel?: { id?: string };
  channel_id?: string;
  container?: { channel_id?: string };
  view?: { private_metadata?: string };
}

const older = (what: string, outcome: string) =>
  `:information_source: ${what} is from an older version of Triad and no longer does anything, so ${outcome}.`;

/** The words for a request no listener knows, or undefined when nobody is waiting for an answer. */
function wordsFor(body: InboundBody): string | undefined {
  if (body.command !== undefined) {
    const name = /^\/[\w-]{1,40}$/.test(body.command) ? `\`${body.command}\`` : 'That command';
    return `:information_source: Triad does not handle ${name}, so nothing was changed. Type \`/coaching help\` to see what it can do.`;
  }
  switch (body.type) {
    case 'block_actions':
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
const kindOf = (body: InboundBody) =>
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

/** Ephemeral where the person acted; in their DM with Triad when that channel refuses the bot. */
async function tell(target: ReplyTarget, words: string): Promise<void> {
  try {
    await replyText(target, words);
  } catch (error) {
    if (!target.channel) throw error;
    await replyText({ client: target.client, user: target.user }, words);
  }
}

/**
 * Global middleware, after request dedupe: once the listeners are done, a request that expects an answer
 * (command, button, modal, shortcut, options) and that no listener acknowledged is acknowledged here. When no
 * listener knew it (an old message's button after an upgrade, a damaged payload) the person is told so,
 * ephemerally, and nothing is changed; a submitted modal simply closes. A listener that failed before
 * acknowledging gets the generic "nothing was saved" answer. Events are acknowledged by Bolt itself.
 */
export function answerUnhandled(deps: SlackDeps): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const state = stateOf(args.context);
    let failure: { error: unknown } | undefined;
    try {
      await args.next();
    } catch (error) {
      failure = { error };
    }
    const ack = 'ack' in args && typeof args.ack === 'function' ? (args.ack as AckFn<unknown>) : undefined;
    if (ack && !state.acked) {
      state.acked = true;
      const body = args.body as InboundBody;
      await ack((body.type === 'block_suggestion' ? { options: [] } : undefined) as never);
      const words = state.matched ? failure && SOMETHING_WENT_WRONG : wordsFor(body);
      if (!state.matched) deps.logger.info({ kind: kindOf(body) }, 'Slack request no listener handles');
      const target = words ? targetOf(args) : undefined;
      if (words && target) {
        try {
          await tell(target, words);
        } catch (error) {
          deps.logger.warn(
            { kind: kindOf(body), err: (error as Error)?.name },
            'could not answer a Slack request',
          );
        }
      }
    }
    if (failure) throw failure.error;
  };
}
