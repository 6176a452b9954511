import type { z } from 'zod';

interface SlackDistributionEnv {
  SLACK_CLIENT_ID?: string | undefined;
  SLACK_CLIENT_SECRET?: string | undefined;
  SLACK_STATE_SECRET?: string | undefined;
  SLACK_SIGNING_SECRET?: string | undefined;
  SLACK_BOT_TOKEN?: string | undefined;
  HR_ADMINS?: readonly string[] | undefined;
}

const DISTRIBUTION = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;

/**
 * Distribution mode needs its three variables together and HTTP mode (Slack's OAuth redirect and events reach
 * a public URL); it is one mode or the other, never a fixed SLACK_BOT_TOKEN beside per-workspace tokens. Nor
 * HR_ADMINS: a list of user ids from the environment would grant HR rights in every workspace that installs
 * Triad; there each organisation's HR admins are its installer and whom they add (`/coaching admins add`).
 */
export function refineSlackDistribution(env: SlackDistributionEnv, ctx: z.RefinementCtx): void {
  const set = DISTRIBUTION.filter((name) => env[name] !== undefined);
  if (set.length === 0) return;
  for (const name of DISTRIBUTION) {
    if (env[name] === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: `is required with ${set.join(', ')} (Slack distribution mode needs all three)`,
      });
    }
  }
  if (!env.SLACK_SIGNING_SECRET) {
    ctx.addIssue({
      code: 'custom',
      path: ['SLACK_SIGNING_SECRET'],
      message:
        'is required in Slack distribution mode (SLACK_CLIENT_ID): installs and events arrive over HTTP',
    });
  }
  if (env.SLACK_BOT_TOKEN) {
    ctx.addIssue({
      code: 'custom',
      path: ['SLACK_BOT_TOKEN'],
      message:
        "must not be set with SLACK_CLIENT_ID: distribution mode uses each workspace's own token (unset one of them)",
    });
  }
  if (env.HR_ADMINS && env.HR_ADMINS.length > 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['HR_ADMINS'],
      message:
        'must not be set with SLACK_CLIENT_ID: it would grant HR rights in every workspace that installs Triad. ' +
        "In distribution mode each workspace's installer is its first HR admin and adds others with " +
        '`/coaching admins add @someone` (unset HR_ADMINS)',
    });
  }
}
