import { describe, expect, it } from 'vitest';
import { realDemoClock, skippingDemoClock } from '../../bin/demo/demo-clock.js';

describe('the demo clock', () => {
  it('skips ahead at once for the demo’s test, then runs on with real time', async () => {
    const clock = skippingDemoClock();
    const target = new Date(clock.now().getTime() + 60_000);
    const startedAt = Date.now();

    await clock.waitUntil(target);

    expect(Date.now() - startedAt).toBeLessThan(1_000);
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(target.getTime());
    expect(clock.now().getTime() - Date.now()).toBeGreaterThanOrEqual(59_000);
  });

  it('never runs backwards when asked to wait for a moment already past', async () => {
    const clock = skippingDemoClock();
    await clock.waitUntil(new Date(clock.now().getTime() + 30_000));
    const before = clock.now().getTime();

    await clock.waitUntil(new Date(before - 10_000));

    expect(clock.now().getTime()).toBeGreaterThanOrEqual(before);
  });

  it('waits in real time for people watching the demo', async () => {
    const clock = realDemoClock();
    const startedAt = Date.now();

    await clock.waitUntil(new Date(startedAt + 150));

    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(140);
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(50);
  });
});
