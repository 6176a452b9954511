import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionListeners } from '../../adapters/slack/listeners/actions/index.js';
import { viewListeners } from '../../adapters/slack/listeners/views/index.js';
import { readFormValues } from '../../adapters/slack/render/form.js';
import { readSetting, settingKeys, settingSpecs } from '../../src/engagement/organisation-settings.js';
import { type SlackHarness, startSlackHarness } from '../e2e/slack/slack-harness.js';
import type { BoltResponse } from '../support/slack-signing.js';
import { blockAction, viewSubmission } from './support/interaction.arbitrary.js';
import { type RowCounts, rowCounts } from './support/row-counts.js';

/**
 * Thousands of button clicks and form submissions on every control and form Triad registers, carrying
 * damaged, stale or hostile values, from HR, a client and a member with no part in any engagement. No engagement exists and no
 * three people could start one, so every one of them is a bad input: each gets exactly one private answer
 * (an ephemeral message, field errors in the modal, or a modal), never a 5xx, a crash, or a row. One exception by
 * design: HR's settings form leaves empty fields unchanged, so HR submitting it with some valid settings and no
 * bad one is a real change (the organisation's row and its audit entry), not damage.
 */
const HR = 'U0HR000001';
const JANE = 'U0CLIENT01';
const OTTO = 'U0OTHER001';
const BOT = 'U0ROBOT001';
/** People who click: Slack only sends interactions from members of the workspace. */
const ACTORS = [HR, JANE, OTTO];
const GENERAL = 'C0TRIADGEN';
/** People a form may name: members, a bot, and someone Slack does not know. */
const NAMED = [HR, JANE, OTTO, BOT, 'U0NOBODY01'];
const ACTION_RUNS = 1_500;
const SUBMISSION_RUNS = 1_000;

/** Web API methods by which Triad answers the person who acted. */
const ANSWERS = new Set(['chat.postEphemeral', 'views.open', 'views.push', 'views.update', 'views.publish']);

let h: SlackHarness;
let baseline: RowCounts;

beforeAll(async () => {
  h = await startSlackHarness({
    users: [
      { id: HR, name: 'harper', tz: 'Europe/London' },
      { id: JANE, name: 'jane', tz: 'America/New_York' },
      { id: OTTO, name: 'otto', tz: 'Asia/Kolkata' },
      { id: BOT, name: 'robo', is_bot: true },
    ],
  });
  // The channel a form or button may have been used in: the bot and everyone who clicks are members.
  h.fake.conversations.add({ id: GENERAL, name: 'general', members: ACTORS });
  baseline = await rowCounts(h.database.sql);
});

afterAll(async () => {
  await h?.close();
});

/** How many answers one request produced: response_url posts, answering Web API calls, modal errors. */
function answersTo(key: string, callsBefore: number, response: BoltResponse): number {
  const calls = h.fake.calls.slice(callsBefore).filter((call) => call.ok && ANSWERS.has(call.method)).length;
  const inModal = /"response_action"/.test(response.body) ? 1 : 0;
  return h.sink.postsTo(key).length + calls + inModal;
}

async function expectUnchanged(): Promise<void> {
  expect(await rowCounts(h.database.sql)).toEqual(baseline);
}

/** Whether a submission is HR saving settings that all read as valid (at least one): a change, not damage. */
function isValidSettingsSave(input: {
  callback_id: string;
  user_id: string;
  values: Record<string, Record<string, unknown>>;
}): boolean {
  if (input.callback_id !== 'hr.settings.save' || input.user_id !== HR) return false;
  const fields = readFormValues(input.values as never);
  const apply = fields.apply;
  if (apply !== undefined && apply !== '' && apply !== 'new' && apply !== 'existing') return false;
  const given = settingKeys
    .map((key) => ({ key, text: fields[settingSpecs[key].word] }))
    .filter(({ text }) => text !== undefined && !(typeof text === 'string' && text.trim() === ''));
  return (
    given.length > 0 &&
    given.every(
      ({ key, text }) => typeof text === 'string' && text.length <= 100 && readSetting(key, text.trim()).ok,
    )
  );
}

/** After HR's valid settings save: at most the organisation's row and audit entries are new; the baseline moves. */
async function expectOnlySettingsSaved(): Promise<void> {
  const now = await rowCounts(h.database.sql);
  const { organisations, audit_log, ...rest } = now;
  const { organisations: orgsBefore, audit_log: auditBefore, ...restBefore } = baseline;
  expect(rest).toEqual(restBefore);
  expect(organisations - orgsBefore).toBeLessThanOrEqual(1);
  expect(audit_log - auditBefore).toBeLessThanOrEqual(1);
  baseline = now;
}

describe('fuzzed interactions', () => {
  const actionIds = Object.keys(actionListeners(undefined as never));
  const callbackIds = Object.keys(viewListeners(undefined as never));

  it(`answers each of ${ACTION_RUNS} damaged clicks once, with no 5xx and no row written`, async () => {
    expect(actionIds.length).toBeGreaterThan(5);
    await fc.assert(
      fc.asyncProperty(blockAction(actionIds, ACTORS, GENERAL), async ({ input, fromMessage }) => {
        const key = randomUUID();
        const callsBefore = h.fake.calls.length;
        const response = await h.action({
          ...input,
          ...(fromMessage ? { response_url: h.sink.urlFor(key) } : {}),
        });
        expect(response.status).toBe(200);
        expect(answersTo(key, callsBefore, response)).toBe(1);
        for (const post of h.sink.postsTo(key))
          expect(post.body).toMatchObject({ response_type: 'ephemeral' });
        await expectUnchanged();
      }),
      { numRuns: ACTION_RUNS, endOnFailure: true },
    );
  }, 300_000);

  it(`answers each of ${SUBMISSION_RUNS} damaged form submissions once, with no 5xx and no row written`, async () => {
    expect(callbackIds.length).toBeGreaterThan(1);
    await fc.assert(
      fc.asyncProperty(
        viewSubmission(callbackIds, ACTORS, NAMED, GENERAL),
        async ({ input, context, withResponseUrl, channel }) => {
          const key = randomUUID();
          const callsBefore = h.fake.calls.length;
          const metadata = {
            c: context,
            ...(channel ? { ch: channel } : {}),
            ...(withResponseUrl ? { ru: h.sink.urlFor(key) } : {}),
          };
          const response = await h.submit({ ...input, private_metadata: JSON.stringify(metadata) });
          expect(response.status).toBe(200);
          expect(answersTo(key, callsBefore, response)).toBe(1);
          if (isValidSettingsSave(input)) await expectOnlySettingsSaved();
          else await expectUnchanged();
        },
      ),
      { numRuns: SUBMISSION_RUNS, endOnFailure: true },
    );
  }, 300_000);

  afterAll(() => {
    expect(h.fake.internalErrors).toEqual([]);
    expect(h.logLines.filter((line) => /"level":(50|60)/.test(line))).toEqual([]);
  });
});
