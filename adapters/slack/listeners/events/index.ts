import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../slack-deps.js';
import { appHomeOpened } from './app-home-opened.listener.js';

/** The Events API subscriptions Triad declares in its manifest. */
export const BOT_EVENTS = ['app_home_opened'] as const;

export function register(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', appHomeOpened(deps));
}
