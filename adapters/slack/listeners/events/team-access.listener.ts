import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { SlackDeps } from '../../slack-deps.js';

/** `team_access_granted`: the org-wide installation of an enterprise now also serves these workspaces. */
const granted = z.object({
  enterprise_id: z.string().min(1).max(255),
  event: z.object({ team_ids: z.array(z.string().min(1).max(255)).max(1000) }),
});

/**
 * `team_access_granted` (org-wide apps on Enterprise Grid): an enterprise admin gave Triad more workspaces. Each
 * is remembered for the enterprise's installation, and its organisation gets the installer as first HR admin now,
 * not only when someone there first uses Triad.
 */
export function teamAccessGranted(
  deps: SlackDeps,
): Middleware<SlackEventMiddlewareArgs<'team_access_granted'>> {
  return async ({ body }) => {
    const parsed = granted.safeParse(body);
    if (!parsed.success || !deps.installations?.granted) return;
    const { enterprise_id: enterpriseId, event } = parsed.data;
    const adopted = await deps.installations.granted(enterpriseId, event.team_ids);
    deps.logger.info(
      { enterpriseId, teams: event.team_ids.length, adopted },
      'Slack org-wide install granted workspaces',
    );
  };
}
