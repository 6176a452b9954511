import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../slack-deps.js';
import { coachingCommand } from './coaching.listener.js';

/** The slash commands Triad declares in its manifest. */
export const SLASH_COMMANDS = ['/coaching'] as const;

export function register(app: App, deps: SlackDeps): void {
  app.command('/coaching', coachingCommand(deps));
}
