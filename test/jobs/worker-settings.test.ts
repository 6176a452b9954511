import { describe, expect, it } from 'vitest';
import { parseAppConfig } from '../../bin/config/app.config.js';
import { paceLimitsFromConfig } from '../../bin/config/delivery.config.js';
import { workerSettingsFromConfig } from '../../jobs/workers.js';

const env = { TRIAD_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}` };

describe('worker settings from configuration', () => {
  it('keeps the shipped defaults: batch delivery of 200, two batches in flight; for jobs 30 a second, 8 and 4; prompt parts of 250', () => {
    expect(workerSettingsFromConfig(parseAppConfig(env))).toEqual({
      promptPartSize: 250,
      deliveryConcurrency: 8,
      scheduleConcurrency: 4,
      deliveryLimit: { max: 30, duration: 1_000 },
      batch: { size: 200, concurrency: 2, leaseMs: 30_000, pollMs: 200 },
    });
    expect(workerSettingsFromConfig(parseAppConfig({ ...env, DELIVERY_MODE: 'jobs' })).batch).toBeNull();
  });

  it('paces at the documented limits unless configured otherwise', () => {
    expect(paceLimitsFromConfig(parseAppConfig(env))).toEqual({
      slack: { conversation: { perSecond: 1, burst: 1 }, tenant: { perSecond: 5, burst: 10 } },
      teams: { conversation: { perSecond: 7, burst: 7 }, tenant: { perSecond: 50, burst: 50 } },
    });
    const raised = parseAppConfig({
      ...env,
      SLACK_WORKSPACE_PER_MINUTE: '600',
      TEAMS_TENANT_PER_SECOND: '20',
    });
    expect(paceLimitsFromConfig(raised).slack?.tenant).toEqual({ perSecond: 10, burst: 20 });
    expect(paceLimitsFromConfig(raised).teams?.tenant).toEqual({ perSecond: 20, burst: 20 });
    expect(() => parseAppConfig({ ...env, DELIVERY_MODE: 'fast' })).toThrow(/DELIVERY_MODE/);
  });

  it('raises concurrency and the cap, or turns the global cap off with 0', () => {
    const raised = parseAppConfig({
      ...env,
      DELIVERY_RATE_PER_SECOND: '120',
      DELIVERY_CONCURRENCY: '32',
      SCHEDULE_CONCURRENCY: '16',
      PROMPT_PART_SIZE: '100',
    });
    expect(workerSettingsFromConfig(raised)).toMatchObject({
      promptPartSize: 100,
      deliveryConcurrency: 32,
      scheduleConcurrency: 16,
      deliveryLimit: { max: 120, duration: 1_000 },
    });
    const uncapped = parseAppConfig({ ...env, DELIVERY_RATE_PER_SECOND: '0' });
    expect(workerSettingsFromConfig(uncapped).deliveryLimit).toBeNull();
  });
});
