import { randomBytes } from 'node:crypto';
import { FAKE_BOT_TOKEN } from '../../test/support/fake-slack/defaults.js';

export interface TriadEnvOptions {
  databaseUrl: string;
  redisUrl: string;
  slackApiUrl: string;
  hrUserId: string;
  signingSecret?: string;
}

/** The environment a Triad process (bin/server.ts, bin/worker.ts) reads, pointed at the benchmark's services. */
export function triadEnv(options: TriadEnvOptions): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    TRIAD_ENCRYPTION_KEYS: `bench1:${randomBytes(32).toString('base64')}`,
    HR_ADMINS: options.hrUserId,
    SLACK_BOT_TOKEN: FAKE_BOT_TOKEN,
    SLACK_SIGNING_SECRET: options.signingSecret ?? randomBytes(16).toString('hex'),
    SLACK_API_URL: options.slackApiUrl,
  };
}
