import { describe, expect, it } from 'vitest';
import { parseAppConfig, slackDistributed } from '../../../bin/config/app.config.js';
import { ConfigError } from '../../../bin/config/env.js';
import { authorizationUrlOf } from '../../../bin/wire-slack-distribution.js';

const KEY = Buffer.alloc(32, 7).toString('base64');
const base = {
  TRIAD_ENCRYPTION_KEYS: `k1:${KEY}`,
  DATABASE_URL: 'postgres://triad:pw@db.internal:5432/triad',
  REDIS_URL: 'redis://cache.internal:6379/0',
  SLACK_SIGNING_SECRET: 'signing-secret-value-123',
};
const distribution = {
  ...base,
  SLACK_CLIENT_ID: '1234567890.0987654321',
  SLACK_CLIENT_SECRET: 'client-secret-value-abc',
  SLACK_STATE_SECRET: 'state-secret-value-0123456789',
};

function problemsOf(env: Record<string, string | undefined>): string {
  try {
    parseAppConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('Slack distribution mode configuration', () => {
  it('turns on with the client id, client secret and state secret, without a bot token', () => {
    const config = parseAppConfig(distribution);
    expect(slackDistributed(config)).toBe(true);
    expect(slackDistributed(parseAppConfig({ ...base, SLACK_BOT_TOKEN: 'xoxb-1' }))).toBe(false);
    // Single-token mode keeps its configured HR admins; an empty HR_ADMINS is no list at all.
    expect(parseAppConfig({ ...base, SLACK_BOT_TOKEN: 'xoxb-1', HR_ADMINS: 'U0HR000001' }).HR_ADMINS).toEqual(
      ['U0HR000001'],
    );
    expect(slackDistributed(parseAppConfig({ ...distribution, HR_ADMINS: '' }))).toBe(true);
  });

  it.each([
    ['SLACK_CLIENT_SECRET', { SLACK_CLIENT_SECRET: undefined }, 'SLACK_CLIENT_SECRET is required'],
    ['SLACK_STATE_SECRET', { SLACK_STATE_SECRET: undefined }, 'SLACK_STATE_SECRET is required'],
    ['SLACK_SIGNING_SECRET', { SLACK_SIGNING_SECRET: undefined }, 'SLACK_SIGNING_SECRET is required'],
    ['a bot token beside it', { SLACK_BOT_TOKEN: 'xoxb-1234-x' }, 'SLACK_BOT_TOKEN must not be set'],
    ['a malformed client id', { SLACK_CLIENT_ID: 'abc' }, 'SLACK_CLIENT_ID must be'],
    ['a short state secret', { SLACK_STATE_SECRET: 'short' }, 'SLACK_STATE_SECRET must be at least 16'],
    [
      'HR_ADMINS, which would grant HR rights in every workspace',
      { HR_ADMINS: 'U0HR000001' },
      'HR_ADMINS must not be set with SLACK_CLIENT_ID: it would grant HR rights in every workspace',
    ],
  ])('refuses %s with what to set', (_case, change, message) => {
    expect(problemsOf({ ...distribution, ...change })).toContain(message);
  });

  it('never prints the client secret or the state secret', () => {
    const message = problemsOf({ ...distribution, SLACK_STATE_SECRET: 'short', SLACK_CLIENT_ID: 'x' });
    expect(message).toContain('SLACK_STATE_SECRET must be at least 16 characters (secret; value not shown)');
    expect(message).not.toContain('client-secret-value-abc');
  });

  it("finds Slack's authorize page beside the Web API URL", () => {
    expect(authorizationUrlOf('https://slack.com/api/')).toBe('https://slack.com/oauth/v2/authorize');
    expect(authorizationUrlOf('http://127.0.0.1:4000/api/')).toBe('http://127.0.0.1:4000/oauth/v2/authorize');
    expect(authorizationUrlOf(undefined)).toBeUndefined();
  });
});
