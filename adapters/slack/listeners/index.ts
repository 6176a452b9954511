import type { App } from '@slack/bolt';
import type { SlackDeps } from '../slack-deps.js';
import * as actions from './actions/index.js';
import * as commands from './commands/index.js';
import * as events from './events/index.js';
import { answerUnhandled, type ListenerRoutes, listenerRoutes, trackListeners } from './unhandled.js';
import * as views from './views/index.js';

/**
 * Registers every listener folder (one listener per file, one `register` per folder), each listener tracked
 * and its id recorded in `routes`, and, last among the global middleware, the one that answers what no listener
 * acknowledged. Call it after any other global middleware (request dedupe); register listeners only here.
 */
export function registerListeners(
  app: App,
  deps: SlackDeps,
  routes: ListenerRoutes = listenerRoutes(),
): void {
  app.use(answerUnhandled(deps));
  const tracked = trackListeners(app, routes);
  commands.register(tracked, deps);
  actions.register(tracked, deps);
  views.register(tracked, deps);
  events.register(tracked, deps);
}
