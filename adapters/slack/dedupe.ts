import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { claimInboundRequest } from '../../src/use-cases/requests/claim-request.js';
import type { SlackDeps } from './slack-deps.js';

interface Body {
  type?: string;
  event_id?: string;
  trigger_id?: string;
  command?: string;
  user?: { id?: string };
  actions?: { action_ts?: string; action_id?: string }[];
  view?: { id?: string; hash?: string };
}

/**
 * The key of an inbound request that must run once: a re-delivered event (X-Slack-Retry-Num) has the same
 * event_id; a re-sent action the same action_ts and user; a re-submitted modal the same view id and hash.
 */
export function requestKey(body: Body): string | undefined {
  if (body.type === 'event_callback' && body.event_id) return `slack:event:${body.event_id}`;
  if (body.type === 'block_actions' && body.user?.id && body.actions?.[0]?.action_ts) {
    return `slack:action:${body.user.id}:${body.actions[0].action_ts}`;
  }
  if (body.type === 'view_submission' && body.view?.id) {
    return `slack:view:${body.view.id}:${body.view.hash ?? ''}`;
  }
  if (body.command && body.trigger_id) return `slack:command:${body.trigger_id}`;
  return undefined;
}

/**
 * Records `key` as handled in Postgres (`processed_requests`): true the first time, false for a repeat. When
 * the database cannot be reached it answers true, so the request runs and its use case answers "nothing was
 * saved" instead of silence.
 */
export function claimRequest(deps: SlackDeps, key: string): Promise<boolean> {
  return claimInboundRequest({ key, outcome: { via: 'slack' } }, { ...deps.core, logger: deps.logger });
}

/**
 * Global middleware: claims the request's key before any listener runs; a request already claimed is
 * acknowledged and dropped. Slash commands are left to their listener when commands go through the inbound
 * queue: the worker that runs the command claims it, so the acknowledgement waits for no database.
 */
export function dedupeRequests(deps: SlackDeps): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const body = args.body as Body;
    const key = requestKey(body);
    if (!key || (deps.commands && body.command)) {
      await args.next();
      return;
    }
    if (!(await claimRequest(deps, key))) {
      deps.logger.info({ key }, 'duplicate Slack request ignored');
      if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
      return;
    }
    await args.next();
  };
}
