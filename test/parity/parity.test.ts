import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../support/core-deps.js';
import { divergences, type Platform, transcript, unrefused } from './compare.js';
import { startLocal } from './local-driver.js';
import { type Driver, type Known, type Outcome, observe } from './observe.js';
import { script } from './script.js';
import { startSlack } from './slack-driver.js';
import { startTeams } from './teams-driver.js';

/** Every platform starts the story at the same instant, each with its own clock. */
const START = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);

/** Runs the whole script on one platform; returns each step's outcome. */
async function tell(driver: Driver): Promise<Outcome[]> {
  const known: Known = [];
  const outcomes: Outcome[] = [];
  try {
    for (const step of script) outcomes.push(await observe(driver, step, known));
  } finally {
    await driver.close();
  }
  return outcomes;
}

/**
 * Issue 13's parity test: the same scripted engagement (script.ts) through Slack (signed requests into the real
 * Bolt app, fake Web API), Teams (signed activities into the real botbuilder endpoint, fake Bot Connector) and
 * the local session, each step reduced to its meaning (observe.ts). Every step must mean the same everywhere:
 * the same state changes, the same messages to the same readers, the same answer or refusal to the person
 * acting. On failure the message lists each divergent step with what each platform did.
 * `PARITY_TRANSCRIPT=<dir>` writes each platform's whole story there, to read.
 */
describe('parity of Slack, Teams and local', () => {
  it('every step of the scripted engagement has the same outcome on every platform', async () => {
    const [slack, teams, local] = await Promise.all([
      startSlack(manualClock(START)),
      startTeams(manualClock(START)),
      startLocal(manualClock(START)),
    ]);
    const told = await Promise.all([tell(slack), tell(teams), tell(local)]);
    const outcomes: Record<Platform, Outcome[]> = { slack: told[0], teams: told[1], local: told[2] };
    const dir = process.env.PARITY_TRANSCRIPT;
    if (dir) {
      for (const platform of Object.keys(outcomes) as Platform[])
        writeFileSync(`${dir}/parity-${platform}.txt`, transcript(script, outcomes[platform]));
    }
    expect(unrefused(script, outcomes)).toEqual([]);
    const found = divergences(script, outcomes);
    expect(found, `\n${found.join('\n\n')}\n`).toEqual([]);
  }, 120_000);
});
