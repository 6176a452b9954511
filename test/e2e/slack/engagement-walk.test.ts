import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_ACTION } from '../../../adapters/slack/render/form.js';
import { METHOD_SCOPES } from '../../../adapters/slack/slack-requirements.js';
import { manualClock } from '../../support/core-deps.js';
import { type SlackHarness, startSlackHarness } from './slack-harness.js';
import {
  click,
  controlsInBlocks,
  findControl,
  localTime,
  submitForm,
  trafficTo,
  typed,
} from './slack-walk.js';

const HR = 'U0HR000001';
const CLIENT = 'U0CLIENT01';
const SPONSOR = 'U0SPONSOR1';
const KIM = 'U0COACH001';
const LEE = 'U0COACH002';
const OLA = 'U0COACH003';
const DAY = 86_400_000;

const clock = manualClock(new Date());
let h: SlackHarness;
let engagementId = '';

const channelNamed = (prefix: string) => {
  const found = h.fake.conversations.all().find((c) => c.name.startsWith(prefix));
  if (!found) throw new Error(`no channel ${prefix}`);
  return found;
};
const sponsorChannel = () => channelNamed(`triad-sponsor-${engagementId.slice(0, 8)}`);
const coachingChannel = () => channelNamed(`triad-coaching-${engagementId.slice(0, 8)}`);
const texts = (conversation: string) => h.fake.messagesIn(conversation).map((m) => JSON.stringify(m.blocks));
/**
 * A meeting's time as Slack formats it in each reader's zone, in the notification text and the blocks, with the
 * client's time (`fallback`, London here) where Slack cannot.
 */
function expectSlackDate(conversation: string, summary: RegExp, at: Date, fallback: RegExp) {
  const message = h.fake.messagesIn(conversation).find((m) => summary.test(m.text));
  const date = `<!date^${at.getTime() / 1000}^{date_short_pretty} at {time}|`;
  expect(message?.text).toContain(date);
  expect(message?.text.slice(message.text.indexOf(date) + date.length)).toMatch(fallback);
  expect(JSON.stringify(message?.blocks)).toContain(`When: ${date}`);
}

const stage = async () =>
  (await h.database.sql<{ stage: string }[]>`select stage from engagements where id = ${engagementId}`)[0]
    ?.stage;

async function openHome(user: string) {
  const event = {
    type: 'app_home_opened',
    user,
    channel: 'D0HOME',
    tab: 'home',
    event_ts: `${Date.now() / 1000}`,
  };
  const response = await h.event(event, `Ev${randomUUID()}`);
  expect(response.status).toBe(200);
}
const homeOf = (user: string) => JSON.stringify(h.fake.homeViewOf(user)?.blocks ?? []);

beforeAll(async () => {
  h = await startSlackHarness({
    clock,
    users: [
      { id: HR, name: 'harper', tz: 'Europe/London' },
      { id: CLIENT, name: 'jane', tz: 'Europe/London' },
      { id: SPONSOR, name: 'sam', tz: 'America/New_York' },
      { id: KIM, name: 'kim', tz: 'Asia/Tokyo' },
      { id: LEE, name: 'lee', tz: 'Europe/Berlin' },
      { id: OLA, name: 'ola', tz: 'Europe/Oslo' },
    ],
  });
});

afterAll(async () => {
  await h?.close();
});

describe('a whole engagement on Slack, every role', () => {
  it('HR starts it: the client DM and a private sponsor channel open with their welcomes', async () => {
    const { replies } = await h.command(
      HR,
      `start client:<@${CLIENT}> sponsor:<@${SPONSOR}> coach:<@${KIM}> coach:<@${LEE}> weeks:12`,
    );
    expect(JSON.stringify(replies)).toContain('started for jane');
    engagementId = (await h.database.sql<{ id: string }[]>`select id from engagements`)[0]?.id ?? '';
    expect(await h.drain()).toBeGreaterThan(0);
    expect(texts(CLIENT).join()).toContain('Your coaching engagement has started');
    const sponsor = sponsorChannel();
    expect(sponsor).toMatchObject({ is_private: true, is_mpim: false });
    expect([...sponsor.members].sort()).toEqual([h.fake.identity.botUserId, CLIENT, SPONSOR].sort());
    expect(texts(sponsor.id).join()).toContain('you sponsor jane');
  });

  it('the sponsor shares expectations through the form; they are posted in the sponsor channel', async () => {
    const button = findControl(h, sponsorChannel().id, 'sponsor.expectations');
    await click(h, SPONSOR, button);
    const modal = h.fake.views.find((v) => v.callback_id === 'sponsor.expectations');
    expect(modal).toBeDefined();
    const response = await h.submit({
      user_id: SPONSOR,
      callback_id: 'sponsor.expectations',
      private_metadata: modal?.private_metadata ?? '',
      values: {
        expectations: {
          [FIELD_ACTION]: { type: 'plain_text_input', value: 'Lead the <!channel> migration & delegate' },
        },
      },
    });
    expect(response.status).toBe(200);
    await h.drain();
    const posted = texts(sponsorChannel().id).join();
    expect(posted).toContain('Lead the &lt;!channel&gt; migration &amp; delegate');
    expect(posted).not.toContain('<!channel>');
  });

  it('the client schedules the kickoff with the picker in their own zone; then it is held', async () => {
    const picker = findControl(h, CLIENT, 'meeting.schedule');
    const when = localTime(clock.now(), 3, 10, 'Europe/London');
    const answer = await click(h, CLIENT, picker, when);
    expect(answer).toMatch(/10:00/);
    expect(texts(sponsorChannel().id).join()).toMatch(/kickoff/i);
    expectSlackDate(
      sponsorChannel().id,
      /^Kickoff meeting scheduled: /,
      when,
      /^[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{4}, 10:00 \(London time\)>$/,
    );
    clock.advance(4 * DAY);
    const held = findControl(h, sponsorChannel().id, 'meeting.held');
    await click(h, SPONSOR, held);
    expect(await stage()).toBe('coach_matching');
  });

  it('the client picks a coach: a private coaching channel opens and the coach joins the sponsor channel', async () => {
    const kim = (
      await h.database.sql<{ id: string }[]>`select id from people where platform_user_id = ${KIM}`
    )[0];
    const button = findControl(h, CLIENT, 'coach.select', (c) => c.value?.endsWith(kim?.id ?? '-') === true);
    await click(h, CLIENT, button);
    await click(h, CLIENT, button);
    expect(await stage()).toBe('alignment');
    const coaching = coachingChannel();
    expect(coaching.is_private).toBe(true);
    expect([...coaching.members].sort()).toEqual([h.fake.identity.botUserId, CLIENT, KIM].sort());
    expect(sponsorChannel().members).toContain(KIM);
    expect(h.fake.conversations.all().filter((c) => c.name.startsWith('triad-coaching-'))).toHaveLength(1);
  });

  it('alignment is scheduled and held; coaching starts', async () => {
    const picker = findControl(h, CLIENT, 'meeting.schedule');
    await click(h, CLIENT, picker, localTime(clock.now(), 2, 15, 'Europe/London'));
    clock.advance(3 * DAY);
    const held = findControl(h, sponsorChannel().id, 'meeting.held');
    await click(h, KIM, held);
    expect(await stage()).toBe('coaching');
  });

  it('a coaching session is scheduled from the coaching channel and announced there only', async () => {
    const button = findControl(h, coachingChannel().id, 'session.schedule');
    await click(h, KIM, button);
    const modal = h.fake.views.filter((v) => v.callback_id === 'session.schedule').at(-1);
    const when = localTime(clock.now(), 2, 9, 'Asia/Tokyo');
    const response = await h.submit({
      user_id: KIM,
      callback_id: 'session.schedule',
      private_metadata: modal?.private_metadata ?? '',
      values: {
        when: {
          [FIELD_ACTION]: { type: 'datetimepicker', selected_date_time: Math.floor(when.getTime() / 1000) },
        },
        minutes: { [FIELD_ACTION]: { type: 'number_input', value: '45' } },
      },
    });
    expect(response.status).toBe(200);
    await h.drain();
    expect(texts(coachingChannel().id).join()).toMatch(/session/i);
    expect(texts(sponsorChannel().id).join()).not.toMatch(/coaching session/i);
    // Kim picked 09:00 in Tokyo; Jane reads it in her zone too, and the fallback is hers: midnight in London.
    expectSlackDate(
      coachingChannel().id,
      /^Coaching session scheduled: /,
      when,
      /^[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{4}, 00:00 \(London time\)>$/,
    );
  });

  it('mid-engagement, each person opens their Home tab and sees their own part', async () => {
    for (const user of [HR, CLIENT, SPONSOR, KIM]) await openHome(user);
    expect(homeOf(HR)).toContain('Engagements you run');
    expect(homeOf(HR)).toContain('coaching · coach assigned');
    expect(homeOf(CLIENT)).toContain('Your coaching');
    expect(homeOf(CLIENT)).toContain('coach kim');
    expect(homeOf(SPONSOR)).toContain('Sponsoring jane');
    expect(homeOf(SPONSOR)).not.toMatch(/coaching session/i);
    expect(homeOf(KIM)).toContain('Coaching jane');
  });

  it('the client drafts a goal from the Home tab; the answer comes to their DM only', async () => {
    const home = h.fake.homeViewOf(CLIENT);
    const [draft] = controlsInBlocks(home?.blocks ?? [], '').filter((c) => c.actionId === 'goal.draft');
    const response = await h.action({
      user_id: CLIENT,
      view: { id: home?.id ?? '', type: 'home' },
      action: { action_id: 'goal.draft', value: draft?.value ?? '' },
    });
    expect(response.status).toBe(200);
    await submitForm(h, CLIENT, 'goal.draft', {
      goal: typed('Listen first'),
      successMeasure: typed('Fewer escalations'),
    });
    const answer = h.fake.ephemeralsTo(CLIENT).at(-1);
    expect(answer?.channel).toBe(h.fake.conversations.imWith(CLIENT)?.id);
    expect(JSON.stringify(answer?.blocks)).toMatch(/goal/i);
  });

  it('HR sees activity figures only after the client chose to share them from their Home tab', async () => {
    expect(JSON.stringify((await h.command(HR, `status <@${CLIENT}>`)).replies)).not.toContain(
      'chose to share activity',
    );
    const home = h.fake.homeViewOf(CLIENT);
    const [share] = controlsInBlocks(home?.blocks ?? [], '').filter((c) => c.actionId === 'activity.sharing');
    expect(share?.value).toMatch(/:on$/);
    await h.action({
      user_id: CLIENT,
      view: { id: home?.id ?? '', type: 'home' },
      action: { action_id: 'activity.sharing', value: share?.value ?? '' },
    });
    expect(JSON.stringify((await h.command(HR, `status <@${CLIENT}>`)).replies)).toContain(
      'jane chose to share activity',
    );
    await openHome(CLIENT);
    expect(homeOf(CLIENT)).toContain('Stop sharing my activity figures');
  });

  it('HR reassigns the coach: the new coach is invited, the previous one removed from the sponsor channel', async () => {
    const { replies } = await h.command(HR, `reassign <@${CLIENT}> coach:<@${OLA}>`);
    expect(JSON.stringify(replies)).toContain('ola');
    await h.drain();
    expect(sponsorChannel().members).toContain(OLA);
    expect(sponsorChannel().members).not.toContain(KIM);
    const coaching = h.fake.conversations
      .all()
      .filter((c) => c.name.startsWith(`triad-coaching-${engagementId.slice(0, 8)}`));
    expect(coaching).toHaveLength(2);
    const [previous, fresh] = coaching;
    // The new coach gets a fresh space: what the client shared with Kim stays out of Ola's sight.
    expect(fresh?.members).toEqual(expect.arrayContaining([CLIENT, OLA]));
    expect(fresh?.members).not.toContain(KIM);
    expect(previous?.members).not.toContain(OLA);
    expect(
      h.fake
        .messagesIn(fresh?.id ?? '')
        .map((m) => JSON.stringify(m.blocks))
        .join('\n'),
    ).toContain('Your new coaching space');
  });

  it('the closing meeting is scheduled and held: the engagement closes', async () => {
    const [closing] = await h.database.sql<{ id: string }[]>`
      select id from meetings where engagement_id = ${engagementId} and kind = 'closing'`;
    const picker = findControl(h, sponsorChannel().id, 'meeting.schedule', (c) =>
      Boolean(closing && c.blockId?.endsWith(closing.id)),
    );
    await click(h, SPONSOR, picker, localTime(clock.now(), 30, 16, 'America/New_York'));
    clock.advance(31 * DAY);
    const held = findControl(h, sponsorChannel().id, 'meeting.held');
    await click(h, CLIENT, held);
    expect(await stage()).toBe('closed');
  });

  it('after closing, the Home tabs no longer show the engagement', async () => {
    for (const user of [HR, CLIENT, SPONSOR, OLA]) await openHome(user);
    expect(homeOf(HR)).toContain('No live engagements that you started.');
    for (const user of [CLIENT, SPONSOR, OLA])
      expect(homeOf(user)).toContain('Triad runs confidential coaching');
  });

  it('called only Web API methods the manifest grants, and every call succeeded', () => {
    const allowed = new Set(Object.keys(METHOD_SCOPES));
    expect(h.fake.calls.filter((c) => !allowed.has(c.method)).map((c) => c.method)).toEqual([]);
    // An invite of someone already in the channel (the space opened with them in it) is the one expected "no".
    const refused = h.fake.calls.filter((c) => !c.ok && c.error !== 'already_in_channel');
    expect(refused.map((c) => [c.method, c.error])).toEqual([]);
    expect(h.fake.internalErrors).toEqual([]);
    expect(trafficTo(h, new Set([sponsorChannel().id]))).not.toContain('<!channel>');
  });
});
