import type { App } from '@slack/bolt';
import type { SlackDeps } from '../slack-deps.js';
import * as actions from './actions/index.js';
import * as commands from './commands/index.js';
import * as events from './events/index.js';
import { answerUnhandled, trackListeners } from './unhandled.js';
import * as views from './views/index.js';

/**
 * Registers every listener folder (one listener per file, one `register` per folder), each listener tracked,
 * and last among the global middleware the one that answers what no listener handled. Call it after any other
 * global middleware (request dedupe), and register listeners only here.
 */
export function registerListeners(app: App, deps: SlackDeps): void {
  app.use(answerUnhandled(deps));
  const tracked = trackListeners(app);
  commands.register(tracked, deps);
  actions.register(tracked, deps);
  views.register(tracked, deps);
  events.register(tracked, deps);
}
