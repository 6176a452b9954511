import { describe, expect, it } from 'vitest';
import { parseAppConfig } from '../../bin/config/app.config.js';
import { workerSettingsFromConfig } from '../../jobs/workers.js';

const env = { TRIAD_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}` };

describe('worker settings from configuration', () => {
  it('keeps the shipped defaults: 30 deliveries a second across workers, 8 and 4 at once per process', () => {
    expect(workerSettingsFromConfig(parseAppConfig(env))).toEqual({
      deliveryConcurrency: 8,
      scheduleConcurrency: 4,
      deliveryLimit: { max: 30, duration: 1_000 },
    });
  });

  it('raises concurrency and the cap, or turns the global cap off with 0', () => {
    const raised = parseAppConfig({
      ...env,
      DELIVERY_RATE_PER_SECOND: '120',
      DELIVERY_CONCURRENCY: '32',
      SCHEDULE_CONCURRENCY: '16',
    });
    expect(workerSettingsFromConfig(raised)).toEqual({
      deliveryConcurrency: 32,
      scheduleConcurrency: 16,
      deliveryLimit: { max: 120, duration: 1_000 },
    });
    const uncapped = parseAppConfig({ ...env, DELIVERY_RATE_PER_SECOND: '0' });
    expect(workerSettingsFromConfig(uncapped).deliveryLimit).toBeNull();
  });
});
