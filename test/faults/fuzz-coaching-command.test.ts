import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackHarness, startSlackHarness } from '../e2e/slack/slack-harness.js';
import { fakeTriggerId, slashCommandBody } from '../support/slack-signing.js';
import { coachingText } from './support/command-text.arbitrary.js';
import { type RowCounts, rowCounts } from './support/row-counts.js';

/**
 * Thousands of `/coaching` texts, typed by HR and by someone who is not HR. The workspace has only two
 * people who could take part (HR and jane), plus a bot and a deactivated user, so no text can start an
 * engagement and no engagement exists to act on: every input is one Triad must refuse or merely show
 * (help, list, the start form). Each gets exactly one private answer — an ephemeral reply or the start
 * form — and never a 5xx, a crash, or a row.
 */
const HR = 'U0HR000001';
const JANE = 'U0CLIENT01';
const BOT = 'U0ROBOT001';
const GONE = 'U0GONE0001';
const RUNS = 2_000;

let h: SlackHarness;
let baseline: RowCounts;

beforeAll(async () => {
  h = await startSlackHarness({
    users: [
      { id: HR, name: 'harper', tz: 'Europe/London' },
      { id: JANE, name: 'jane', tz: 'Europe/London' },
      { id: BOT, name: 'robo', is_bot: true },
      { id: GONE, name: 'gone', deleted: true },
    ],
  });
  baseline = await rowCounts(h.database.sql);
});

afterAll(async () => {
  await h?.close();
});

describe('fuzzed /coaching commands', () => {
  it(`answers each of ${RUNS} texts once, privately, with no 5xx and no row written`, async () => {
    let cases = 0;
    let forms = 0;
    await fc.assert(
      fc.asyncProperty(
        coachingText([HR, JANE, BOT, GONE]),
        fc.constantFrom(HR, HR, HR, JANE),
        async (text, user) => {
          cases += 1;
          const key = randomUUID();
          const triggerId = fakeTriggerId();
          const response = await h.post(
            slashCommandBody({
              command: '/coaching',
              text,
              user_id: user,
              response_url: h.sink.urlFor(key),
              trigger_id: triggerId,
            }),
          );
          expect(response.status).toBe(200);

          const replies = h.sink.postsTo(key);
          const modals = h.fake.callsTo('views.open').filter((call) => call.args.trigger_id === triggerId);
          expect(replies.length + modals.length).toBe(1);
          if (modals.length === 1) forms += 1;
          for (const reply of replies) {
            expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
            expect(JSON.stringify(reply.body)).not.toMatch(/<!channel>|<!here|<!everyone>/);
          }
          expect(await rowCounts(h.database.sql)).toEqual(baseline);
        },
      ),
      { numRuns: RUNS, endOnFailure: true },
    );
    expect(cases).toBe(RUNS);
    // The start form is what an empty `start` shows; the rest were answered in words.
    expect(forms).toBeLessThan(RUNS);
    expect(h.fake.internalErrors).toEqual([]);
    expect(h.logLines.filter((line) => /"level":(50|60)/.test(line))).toEqual([]);
  }, 300_000);
});
