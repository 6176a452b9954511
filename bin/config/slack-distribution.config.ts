import type { z } from 'zod';

interface SlackDistributionEnv {
  SLACK_CLIENT_ID?: string | undefined;
  SLACK_CLIENT_SECRET?: string | undefined;
  SLACK_STATE_SECRET?: string | undefined;
  SLACK_SIGNING_SECRET?: string | undefined;
  SLACK_BOT_TOKEN?: string | undefined;
}

const DISTRIBUTION = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;

/**
 * Distribution mode needs its three variables together and HTTP mode (Slack's OAuth redirect and events reach
 * a public URL); it is one mode or the other, never a fixed SLACK_BOT_TOKEN beside per-workspace tokens.
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
}
