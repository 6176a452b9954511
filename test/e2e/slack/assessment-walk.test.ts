import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../support/core-deps.js';
import { type CoachingEngagement, startCoaching } from './coaching-setup.js';
import { type SlackHarness, startSlackHarness } from './slack-harness.js';
import { click, controlsInBlocks, ephemeralControls, findControl, submitForm, typed } from './slack-walk.js';

const HR = 'U0HR000001';
const CLIENT = 'U0CLIENT01';
const SPONSOR = 'U0SPONSOR1';
const COACH = 'U0COACH001';

/** One canary per private input: the report (typed by HR, the client's alone) and the insight. */
const canary = { report: 'CANARY-report-7a1c', insight: 'CANARY-insight-8b2d' };

const clock = manualClock(new Date());
let h: SlackHarness;
let setup: CoachingEngagement;
const hrKeys: string[] = [];
let previewed = '';
let confirmReply: { blocks: unknown[] }[] = [];
const sponsorChannel = () => setup.sponsorChannel();
const coachingChannel = () => setup.coachingChannel();
const bodies = (key: string) => h.sink.postsTo(key).map((p) => p.body as { blocks?: unknown[] });

beforeAll(async () => {
  h = await startSlackHarness({
    clock,
    users: [
      { id: HR, name: 'harper', tz: 'Europe/London' },
      { id: CLIENT, name: 'jane', tz: 'Europe/London' },
      { id: SPONSOR, name: 'sam', tz: 'America/New_York' },
      { id: COACH, name: 'kim', tz: 'Asia/Tokyo' },
    ],
  });
  setup = await startCoaching(h, clock, { hr: HR, client: CLIENT, sponsor: SPONSOR, coach: COACH });
});

afterAll(async () => {
  await h?.close();
});

describe('an assessment on Slack: recorded, the report to the client alone, an insight released and withdrawn', () => {
  it('refuses a command for someone who is not a client, and a sponsor pressing the coach’s button', async () => {
    const before = await h.counts();
    const notClient = await h.command(HR, `assessment <@${SPONSOR}>`);
    hrKeys.push(notClient.key);
    expect(JSON.stringify(bodies(notClient.key))).toContain('find an engagement');
    const coachButton = findControl(h, coachingChannel(), 'assessment.record');
    const refused = await click(h, CLIENT, coachButton);
    expect(refused).toContain('Only the coach or HR can record an assessment.');
    expect(await h.counts()).toEqual(before);
  });

  it('HR types `/coaching assessment @jane`, opens the form and records; the report reaches the client’s DM only', async () => {
    await h.messenger.openDirect(HR);
    const hrDm = h.fake.conversations.imWith(HR)?.id ?? '';
    const offered = await h.command(HR, `assessment <@${CLIENT}>`, hrDm);
    hrKeys.push(offered.key);
    const [reply] = bodies(offered.key);
    const open = controlsInBlocks(reply?.blocks ?? [], hrDm).find((c) => c.actionId === 'assessment.record');
    if (!open) throw new Error('no record button');
    const fields = (link: string) => ({
      name: typed('Hogan HPI'),
      provider: typed('Hogan Assessments'),
      administeredOn: typed('2020-01-15'),
      link: typed(link),
      report: typed(`Strategic, impatient ${canary.report}`),
    });
    await click(h, HR, open);
    await submitForm(h, HR, 'assessment.record', fields('http://not-secure.example.com'));
    // A link that is not https is refused in words, privately; nothing was recorded.
    expect(JSON.stringify(h.fake.ephemeralsTo(HR).at(-1))).toContain('The link must be an https:// address.');
    const [{ n }] = (await h.database.sql<{ n: number }[]>`
      select count(*)::int as n from private_entries where kind = 'assessment_report'`) as unknown as [
      { n: number },
    ];
    expect(n).toBe(0);
    await click(h, HR, open);
    await submitForm(h, HR, 'assessment.record', fields('https://reports.example.com/r/42'));
    expect(JSON.stringify(h.fake.ephemeralsTo(HR).at(-1))).toContain('Recorded. The report went to jane');
    const dm = JSON.stringify(h.fake.messagesIn(setup.dm));
    expect(dm).toContain(canary.report);
    expect(dm).toContain('https://reports.example.com/r/42');
    for (const channel of [sponsorChannel(), coachingChannel()]) {
      expect(JSON.stringify(h.fake.messagesIn(channel))).not.toContain(canary.report);
    }
  });

  it('the client shares the report with their coach, writes an insight and previews sharing it', async () => {
    await click(h, CLIENT, findControl(h, setup.dm, 'assessment.share_with_coach'));
    expect(JSON.stringify(h.fake.messagesIn(coachingChannel()))).toContain(canary.report);
    await click(h, CLIENT, findControl(h, setup.dm, 'assessment.insight'));
    await submitForm(h, CLIENT, 'assessment.insight', {
      insight: typed(`I decide before listening ${canary.insight}`),
    });
    const preview = ephemeralControls(h, CLIENT).find((c) => c.actionId === 'release.preview');
    if (!preview) throw new Error('no preview button');
    const previewReply = JSON.parse(await click(h, CLIENT, preview)) as { blocks: unknown[] }[];
    const blocks = previewReply.at(-1)?.blocks ?? [];
    previewed = ((blocks[1] as { text?: { text?: string } }).text?.text ?? '').toString();
    expect(previewed).toContain('Insight from Hogan HPI');
    expect(previewed).toContain(canary.insight);
    expect(JSON.stringify(h.fake.messagesIn(sponsorChannel()))).not.toContain(canary.insight);
    const confirm = controlsInBlocks(blocks, setup.dm).find((c) => c.actionId === 'release.confirm');
    if (!confirm) throw new Error('no confirm button');
    confirmReply = JSON.parse(await click(h, CLIENT, confirm)) as { blocks: unknown[] }[];
    const posted = h.fake
      .messagesIn(sponsorChannel())
      .find((m) => JSON.stringify(m.blocks ?? []).includes(canary.insight));
    const shown = posted?.blocks?.[1] as { text?: { text?: string } } | undefined;
    expect(shown?.text?.text).toBe(previewed);
  });

  it('the client withdraws the insight: it is gone from the sponsor channel', async () => {
    const withdraw = controlsInBlocks(confirmReply.at(-1)?.blocks ?? [], setup.dm).find(
      (c) => c.actionId === 'release.withdraw',
    );
    if (!withdraw) throw new Error('no withdraw button');
    await click(h, CLIENT, withdraw);
    const history = h.fake.messagesIn(sponsorChannel());
    expect(JSON.stringify(history.at(-1))).toContain('withdrew');
    expect(JSON.stringify(history)).not.toContain(canary.insight);
  });

  it('no canary reaches the sponsor or HR, or a log — except the insight while it was released', () => {
    const channelsOf = (user: string) =>
      new Set(
        h.fake.conversations
          .all()
          .filter((c) => c.members.includes(user))
          .map((c) => c.id),
      );
    const to = (user: string) => (c: { args: Record<string, unknown> }) =>
      c.args.user === user || c.args.user_id === user;
    const trafficOf = (user: string) => {
      const channels = channelsOf(user);
      return h.fake.calls
        .filter((c) => (typeof c.args.channel === 'string' && channels.has(c.args.channel)) || to(user)(c))
        .map((c) => JSON.stringify(c.args))
        .join('\n');
    };
    const hrTraffic = [
      trafficOf(HR),
      ...hrKeys.flatMap((key) => bodies(key).map((b) => JSON.stringify(b))),
    ].join('\n');
    const sponsorTraffic = trafficOf(SPONSOR);
    const released = JSON.stringify(previewed).slice(1, -1);
    expect(sponsorTraffic).toContain(released);
    expect(hrTraffic).toContain('Recorded. The report went to jane');
    expect(hrTraffic).toContain('The link must be an https:// address.');
    for (const value of Object.values(canary)) {
      expect(sponsorTraffic.split(released).join('')).not.toContain(value);
      expect(hrTraffic).not.toContain(value);
      expect(h.logLines.join('\n')).not.toContain(value);
    }
  });
});
