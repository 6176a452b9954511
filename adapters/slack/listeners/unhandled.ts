import type { AckFn, AnyMiddlewareArgs, App, Context, Middleware } from '@slack/bolt';
import { SOMETHING_WENT_WRONG } from '../errors.js';
import type { SlackDeps } from '../slack-deps.js';
import { answerUnknown, type InboundBody, tellPerson } from './unknown-answer.js';

type RouteKind = 'actions' | 'views' | 'commands' | 'shortcuts';

/**
 * The action ids, modal callback ids, commands and shortcuts the registered listeners answer. A kind becomes
 * `open` when a listener was registered for it with a pattern rather than a plain id: then only Bolt can tell.
 */
export interface ListenerRoutes {
  readonly ids: Record<RouteKind, Set<string>>;
  readonly open: Set<RouteKind>;
}

export const listenerRoutes = (): ListenerRoutes => ({
  ids: { actions: new Set(), views: new Set(), commands: new Set(), shortcuts: new Set() },
  open: new Set(),
});

const ROUTED: Record<string, { kind: RouteKind; field: string } | undefined> = {
  action: { kind: 'actions', field: 'action_id' },
  view: { kind: 'views', field: 'callback_id' },
  command: { kind: 'commands', field: 'command' },
  shortcut: { kind: 'shortcuts', field: 'callback_id' },
};
const LISTENER_METHODS = new Set(['action', 'command', 'event', 'message', 'options', 'shortcut', 'view']);

function record(routes: ListenerRoutes, method: string, constraint: unknown): void {
  const routed = ROUTED[method];
  if (!routed) return;
  const id =
    typeof constraint === 'string'
      ? constraint
      : (constraint as Record<string, unknown> | null | undefined)?.[routed.field];
  if (typeof id === 'string') routes.ids[routed.kind].add(id);
  else routes.open.add(routed.kind);
}

/** What a request met on its way through Bolt, kept on its context (one object per request). */
interface RequestState {
  /** A listener's constraints matched, so it ran. */
  matched: boolean;
  acked: boolean;
}

const STATE_KEY = 'triadListenerState';

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
 * The app as listener folders see it: every listener registered through it has its id recorded in `routes`
 * and is tracked, so the middleware below know what no listener handles. Register listeners only through it.
 */
export function trackListeners(app: App, routes: ListenerRoutes): App {
  return new Proxy(app, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof property !== 'string' || !LISTENER_METHODS.has(property) || typeof value !== 'function') {
        return value;
      }
      return (...args: unknown[]) => {
        record(routes, property, args[0]);
        const last = args.length - 1;
        if (typeof args[last] === 'function') args[last] = tracked(args[last] as Listener);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** Whether a listener is registered for the request's id; undefined when only Bolt's matching can tell. */
function isRouted(body: InboundBody, routes: ListenerRoutes): boolean | undefined {
  const known = (kind: RouteKind, id: string | undefined) =>
    routes.open.has(kind) ? undefined : id !== undefined && routes.ids[kind].has(id);
  if (body.command !== undefined) return known('commands', body.command);
  switch (body.type) {
    case 'block_actions':
      // Bolt hands a listener the first action only.
      return known('actions', body.actions?.[0]?.action_id);
    case 'view_submission':
      return known('views', body.view?.callback_id);
    case 'shortcut':
    case 'message_action':
      return known('shortcuts', body.callback_id);
    default:
      return undefined;
  }
}

const ackOf = (args: AnyMiddlewareArgs) =>
  'ack' in args && typeof args.ack === 'function' ? (args.ack as AckFn<unknown>) : undefined;

/**
 * Global middleware, first: a command, button, modal or shortcut with an id no listener is registered for (an
 * old message's button after an upgrade, a damaged payload) is acknowledged at once and the person is told,
 * ephemerally, that nothing was changed; a submitted modal simply closes. It never reaches the database.
 */
export function answerUnknownRequests(
  deps: SlackDeps,
  routes: ListenerRoutes,
): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const ack = ackOf(args);
    if (!ack || isRouted(args.body as InboundBody, routes) !== false) {
      await args.next();
      return;
    }
    stateOf(args.context).acked = true;
    await answerUnknown(args, ack, deps);
  };
}

/**
 * Global middleware, last (after request dedupe): once the listeners are done, a request that expects an
 * answer and that no listener acknowledged is acknowledged here. When no listener matched it, the person is
 * told as above; when one failed before acknowledging, they get the generic "nothing was saved" answer.
 * Events are acknowledged by Bolt itself.
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
    const ack = ackOf(args);
    if (ack && !state.acked) {
      state.acked = true;
      if (!state.matched) await answerUnknown(args, ack, deps);
      else {
        await ack();
        if (failure) await tellPerson(args, deps, SOMETHING_WENT_WRONG);
      }
    }
    if (failure) throw failure.error;
  };
}
