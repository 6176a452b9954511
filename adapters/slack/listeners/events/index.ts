import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../slack-deps.js';
import { appHomeOpened } from './app-home-opened.listener.js';
import { directMessage } from './direct-message.listener.js';

/** The Events API subscriptions Triad declares in its manifest (`message.im`: DMs typed to Triad). */
export const BOT_EVENTS = ['app_home_opened', 'message.im'] as const;

export function register(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', appHomeOpened(deps));
  app.message(directMessage(deps));
}
