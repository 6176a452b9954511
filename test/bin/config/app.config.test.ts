import { describe, expect, it } from 'vitest';
import { parseAppConfig } from '../../../bin/config/app.config.js';
import { parseCoreConfig } from '../../../bin/config/core.config.js';
import { ConfigError } from '../../../bin/config/env.js';

const KEY = Buffer.alloc(32, 7).toString('base64');
const valid = {
  TRIAD_ENCRYPTION_KEYS: `k1:${KEY}`,
  DATABASE_URL: 'postgres://triad:s3cret-db-password@db.internal:5432/triad',
  REDIS_URL: 'redis://:s3cret-redis@cache.internal:6379/0',
  SLACK_BOT_TOKEN: 'xoxb-1234-secret-bot-token',
  SLACK_SIGNING_SECRET: 'signing-secret-value-123',
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

describe('parseAppConfig', () => {
  it('reads the public URL download links point to, and refuses one that is not http(s)', () => {
    expect(parseAppConfig({ ...valid, TRIAD_PUBLIC_URL: 'https://triad.example.com' }).TRIAD_PUBLIC_URL).toBe(
      'https://triad.example.com',
    );
    expect(parseAppConfig(valid).TRIAD_PUBLIC_URL).toBeUndefined();
    expect(problemsOf({ ...valid, TRIAD_PUBLIC_URL: 'triad.example.com' })).toContain('TRIAD_PUBLIC_URL');
  });

  it('accepts a complete environment and applies defaults', () => {
    const config = parseAppConfig(valid);
    expect(config.PORT).toBe(3000);
    expect(config.DEFAULT_TIME_ZONE).toBe('Europe/London');
    expect(config.DEFAULT_CADENCE).toBe('weekly');
    expect(config.TRIAD_ENCRYPTION_KEYS).toEqual([{ id: 'k1', key: Buffer.alloc(32, 7) }]);
    expect(config.QUEUE_PREFIX).toBe('{triad}');
    expect(config.CHEMISTRY_CALLS).toBe(true);
    expect(parseAppConfig({ ...valid, CHEMISTRY_CALLS: 'off' }).CHEMISTRY_CALLS).toBe(false);
  });

  it('keeps the production calendar unless short cadences are configured', () => {
    const config = parseAppConfig({ ...valid, PROMPT_INTERVAL_SECONDS: '', RETENTION_SECONDS: '' });
    expect(config.PROMPT_INTERVAL_SECONDS).toBeUndefined();
    expect(config.RETENTION_SECONDS).toBeUndefined();
    expect(config.PURGE_EVERY_SECONDS).toBeUndefined();
    expect(config.WORKING_HOURS).toEqual({ startMinute: 9 * 60, endMinute: 18 * 60 });
    expect([config.SCHEDULE_QUEUE_NAME, config.DELIVERY_QUEUE_NAME]).toEqual(['schedule', 'delivery']);
  });

  it('reads demo and trial cadences, working hours and queue names', () => {
    const config = parseAppConfig({
      ...valid,
      PROMPT_INTERVAL_SECONDS: '10',
      WORKING_HOURS: 'always',
      RETENTION_SECONDS: '8',
      PURGE_EVERY_SECONDS: '2',
      SCHEDULE_QUEUE_NAME: 'triad-schedule',
      DELIVERY_QUEUE_NAME: 'triad-delivery',
    });
    expect(config).toMatchObject({
      PROMPT_INTERVAL_SECONDS: 10,
      WORKING_HOURS: 'always',
      RETENTION_SECONDS: 8,
      PURGE_EVERY_SECONDS: 2,
      SCHEDULE_QUEUE_NAME: 'triad-schedule',
      DELIVERY_QUEUE_NAME: 'triad-delivery',
    });
    expect(parseAppConfig({ ...valid, WORKING_HOURS: '07:30-16:00' }).WORKING_HOURS).toEqual({
      startMinute: 7 * 60 + 30,
      endMinute: 16 * 60,
    });
  });

  it('keeps Slack-safe delivery defaults and reads raised worker settings', () => {
    expect(parseAppConfig({ ...valid, DELIVERY_CONCURRENCY: '' })).toMatchObject({
      DELIVERY_RATE_PER_SECOND: 30,
      DELIVERY_CONCURRENCY: 8,
      SCHEDULE_CONCURRENCY: 4,
    });
    const raised = parseAppConfig({
      ...valid,
      DELIVERY_RATE_PER_SECOND: '0',
      DELIVERY_CONCURRENCY: '32',
      SCHEDULE_CONCURRENCY: '16',
    });
    expect(raised).toMatchObject({
      DELIVERY_RATE_PER_SECOND: 0,
      DELIVERY_CONCURRENCY: 32,
      SCHEDULE_CONCURRENCY: 16,
    });
  });

  it.each([
    ['TRIAD_ENCRYPTION_KEYS', undefined, 'TRIAD_ENCRYPTION_KEYS is missing'],
    ['TRIAD_ENCRYPTION_KEYS', 'k1:tooshort', 'each key 32 bytes'],
    ['TRIAD_ENCRYPTION_KEYS', `k1:${KEY},k1:${KEY}`, 'key ids must be unique'],
    ['DATABASE_URL', 'mysql://x@y/z', 'DATABASE_URL must be a URL like postgres://'],
    ['REDIS_URL', 'not a url', 'REDIS_URL must be a URL like redis://'],
    ['PORT', 'eighty', 'PORT'],
    ['PORT', '70000', 'PORT'],
    ['SLACK_BOT_TOKEN', 'xoxp-user-token', 'SLACK_BOT_TOKEN must be a bot token starting with xoxb-'],
    ['SLACK_APP_TOKEN', 'xoxb-wrong-kind', 'SLACK_APP_TOKEN must be an app-level token starting with xapp-'],
    ['SLACK_API_URL', 'ftp://slack', 'SLACK_API_URL must be a URL like https://slack.com/api/'],
    ['SLACK_SIGNING_SECRET', '', 'SLACK_SIGNING_SECRET is required with SLACK_BOT_TOKEN'],
    ['TEAMS_APP_ID', 'not-a-guid', 'TEAMS_APP_ID must be the bot app id, a GUID'],
    ['TEAMS_TENANT_IDS', 'contoso.com', 'TEAMS_TENANT_IDS must be a comma-separated list of tenant ids'],
    ['TRIAD_OPERATOR_CONTACT', '<a href=x>us</a>', 'TRIAD_OPERATOR_CONTACT must be plain text'],
    ['DEFAULT_TIME_ZONE', 'Mars/Olympus', 'DEFAULT_TIME_ZONE must be an IANA time zone'],
    ['DEFAULT_CADENCE', 'daily', 'DEFAULT_CADENCE'],
    ['CHEMISTRY_CALLS', 'maybe', 'CHEMISTRY_CALLS must be on or off'],
    ['DEFAULT_PROMPT_TIME', '9.30', 'DEFAULT_PROMPT_TIME must be a 24-hour time like 09:30'],
    ['DEFAULT_PROMPT_WEEKDAY', '6', 'DEFAULT_PROMPT_WEEKDAY'],
    ['HR_ADMINS', 'U1, <@U2>', 'HR_ADMINS must be a comma-separated list of platform user ids'],
    ['RUN_WORKERS_IN_APP', 'maybe', 'RUN_WORKERS_IN_APP must be true or false'],
    ['QUEUE_PREFIX', 'bad prefix!', 'QUEUE_PREFIX must be letters'],
    ['OPS_TOKEN', 'short', 'OPS_TOKEN must be at least 24 characters'],
    [
      'PROMPT_INTERVAL_SECONDS',
      '4',
      'PROMPT_INTERVAL_SECONDS must be a whole number of seconds from 5 to 604800',
    ],
    ['PROMPT_INTERVAL_SECONDS', 'often', 'PROMPT_INTERVAL_SECONDS must be a whole number of seconds'],
    ['WORKING_HOURS', '18:00-09:00', 'WORKING_HOURS must be a range of 24-hour times like 09:00-18:00'],
    ['WORKING_HOURS', 'nights', 'WORKING_HOURS must be a range of 24-hour times like 09:00-18:00'],
    ['RETENTION_SECONDS', '0', 'RETENTION_SECONDS must be a whole number of seconds from 1'],
    ['PURGE_EVERY_SECONDS', '1.5', 'PURGE_EVERY_SECONDS must be a whole number of seconds from 1 to 86400'],
    ['SCHEDULE_QUEUE_NAME', 'triad:schedule', 'SCHEDULE_QUEUE_NAME must be letters, digits, _ or -'],
    ['DELIVERY_QUEUE_NAME', 'schedule', 'DELIVERY_QUEUE_NAME must differ from SCHEDULE_QUEUE_NAME'],
    ['DELIVERY_RATE_PER_SECOND', '-1', 'DELIVERY_RATE_PER_SECOND must be a whole number from 0 to 100000'],
    ['DELIVERY_RATE_PER_SECOND', 'fast', 'DELIVERY_RATE_PER_SECOND must be a whole number from 0 to 100000'],
    ['DELIVERY_CONCURRENCY', '0', 'DELIVERY_CONCURRENCY must be a whole number from 1 to 1000'],
    ['SCHEDULE_CONCURRENCY', '2.5', 'SCHEDULE_CONCURRENCY must be a whole number from 1 to 1000'],
  ])('names %s when it is %j', (variable, value, expected) => {
    const message = problemsOf({ ...valid, [variable]: value });
    expect(message).toContain(expected);
    expect(message.startsWith('Triad cannot start')).toBe(true);
  });

  it('requires the Teams password and tenant with a single-tenant Teams app id', () => {
    const message = problemsOf({ ...valid, TEAMS_APP_ID: '00000000-0000-4000-8000-000000000001' });
    expect(message).toContain('TEAMS_APP_PASSWORD is required with TEAMS_APP_ID');
    expect(message).toContain('TEAMS_APP_TENANT_ID is required for a SingleTenant Teams app');
  });

  it('takes a multi-tenant Teams app without configured tenants (the operator allows them), and reads them', () => {
    const multi = {
      ...valid,
      TEAMS_APP_ID: '00000000-0000-4000-8000-000000000001',
      TEAMS_APP_PASSWORD: 'p',
      TEAMS_APP_TYPE: 'MultiTenant',
    };
    expect(parseAppConfig(multi).TEAMS_TENANT_IDS).toEqual([]);
    const tenants = '0B1C2D3E-4F5A-4B6C-8D7E-9F0A1B2C3D4E, 7c6b5a49-3827-4165-9efd-cba987654321';
    expect(parseAppConfig({ ...multi, TEAMS_TENANT_IDS: tenants }).TEAMS_TENANT_IDS).toEqual([
      '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
      '7c6b5a49-3827-4165-9efd-cba987654321',
    ]);
  });

  it('never prints a secret value, even when the secret itself is malformed', () => {
    const secrets = {
      DATABASE_URL: 'mysql://root:hunter2-db@x/y',
      REDIS_URL: 'hunter2-redis-not-a-url',
      SLACK_BOT_TOKEN: 'xoxp-hunter2-user',
      SLACK_APP_TOKEN: 'hunter2-app',
      TEAMS_APP_PASSWORD: 'hunter2-teams',
      TRIAD_ENCRYPTION_KEYS: 'k1:hunter2keymaterial',
      OPS_TOKEN: 'hunter2',
    };
    const message = problemsOf({
      ...valid,
      ...secrets,
      TEAMS_APP_ID: '00000000-0000-4000-8000-000000000001',
    });
    expect(message).not.toContain('hunter2');
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'SLACK_BOT_TOKEN', 'TRIAD_ENCRYPTION_KEYS']) {
      expect(message).toContain(`${name} `);
    }
    expect(message).toContain('(secret; value not shown)');
  });
});

describe('parseCoreConfig (jobs:reconcile, jobs:status)', () => {
  it('reads what opening the core needs, and not the platforms’ settings', () => {
    const config = parseCoreConfig({ ...valid, SLACK_BOT_TOKEN: 'not-a-bot-token', TEAMS_APP_ID: 'x' });
    expect(config.QUEUE_PREFIX).toBe('{triad}');
    expect(config).not.toHaveProperty('SLACK_BOT_TOKEN');
    expect(config).not.toHaveProperty('PORT');
  });

  it('still refuses a bad core setting', () => {
    expect(() => parseCoreConfig({ ...valid, TRIAD_ENCRYPTION_KEYS: 'k1:short' })).toThrow(
      'TRIAD_ENCRYPTION_KEYS',
    );
  });
});
