import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import { composeHome } from '../../../../src/use-cases/home/compose-home.js';
import { describeError } from '../../errors.js';
import { renderHome } from '../../render/home.js';
import { type SlackDeps, slackActor } from '../../slack-deps.js';

/**
 * The Home tab, composed by the core for whoever opened it (client, coach, sponsor, HR) and published to them
 * alone. A database outage shows the "nothing was saved" words there instead.
 */
export function appHomeOpened(deps: SlackDeps): Middleware<SlackEventMiddlewareArgs<'app_home_opened'>> {
  return async ({ event, body, client, context }) => {
    if (event.tab !== 'home') return;
    const actor = slackActor(context.teamId ?? (body as { team_id?: string }).team_id, event.user);
    try {
      const { sections } = await composeHome({ actor }, deps.core);
      await client.views.publish({ user_id: event.user, view: renderHome(sections) });
    } catch (error) {
      const words = describeError(error);
      if (words === undefined) throw error;
      await client.views.publish({
        user_id: event.user,
        view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: words } }] },
      });
    }
  };
}
