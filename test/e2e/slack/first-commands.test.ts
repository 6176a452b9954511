import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackHarness, startSlackHarness } from './slack-harness.js';

const HR = 'U0HR000001';
const SPONSOR = 'U0SPONSOR1';
const COACH = 'U0COACH001';
const CLIENTS = Array.from({ length: 10 }, (_, i) => `U0CLIENT${String(i).padStart(2, '0')}`);

/** A workspace Triad has never seen: its first ten `/coaching start` arrive together. */
describe('the first commands of a new Slack workspace, at the same time', () => {
  let h: SlackHarness;

  beforeAll(async () => {
    h = await startSlackHarness({
      users: [
        { id: HR, name: 'harper' },
        { id: SPONSOR, name: 'sam' },
        { id: COACH, name: 'kim' },
        ...CLIENTS.map((id) => ({ id, name: id.toLowerCase() })),
      ],
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('starts every engagement and answers every command', async () => {
    const answers = await Promise.all(
      CLIENTS.map((client) =>
        h.command(HR, `start client:<@${client}> sponsor:<@${SPONSOR}> coach:<@${COACH}>`),
      ),
    );

    for (const { status, replies } of answers) {
      expect(status).toBe(200);
      expect(replies).toHaveLength(1);
      expect(JSON.stringify(replies[0])).toContain('started for');
    }
    expect(await h.counts()).toMatchObject({ organisations: 1, engagements: CLIENTS.length, people: 13 });
  });
});
