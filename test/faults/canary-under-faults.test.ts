import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CoachingEngagement, startCoaching } from '../e2e/slack/coaching-setup.js';
import { type SlackHarness, startSlackHarness } from '../e2e/slack/slack-harness.js';
import {
  click,
  controlsInBlocks,
  ephemeralControls,
  findControl,
  localTime,
  submitForm,
  typed,
  typeInDm,
} from '../e2e/slack/slack-walk.js';
import { manualClock } from '../support/core-deps.js';
import type { FaultRule } from '../support/fake-slack/index.js';
import { faultTolerantDrain, redelivering } from './support/redelivering.js';

/**
 * The confidentiality walk of the Slack end-to-end tests, with faults injected all the way: every inbound
 * request arrives four times (double clicks, Slack's retries), and the Web API keeps failing deliveries — 429s,
 * 500s, `ratelimited`, dropped connections — so messages are retried, found again and re-sent. Every private
 * input carries a canary; none may reach anything the sponsor or HR can see, or a log line, except the text
 * the client released, exactly as previewed. Faulted calls count: a leak attempted is a leak.
 */
const HR = 'U0HR000001';
const CLIENT = 'U0CLIENT01';
const SPONSOR = 'U0SPONSOR1';
const COACH = 'U0COACH001';

const canary = {
  answerByForm: 'CANARY-fault-answer-form-7a1c',
  answerTyped: 'CANARY-fault-answer-dm-8b2d',
  goal: 'CANARY-fault-goal-9c3e',
  measure: 'CANARY-fault-measure-0d4f',
  preparation: 'CANARY-fault-prep-1e5a',
};

/** Faults re-armed before every step: the delivery path fails in each way Slack can. */
const deliveryFaults: FaultRule[] = [
  { method: 'chat.postMessage', times: 2, respond: { status: 429, retryAfter: 1 } },
  { method: 'chat.postMessage', times: 1, respond: { status: 500 } },
  { method: 'chat.postMessage', times: 1, respond: { error: 'ratelimited' } },
  { method: 'chat.postMessage', times: 1, respond: { drop: true } },
  { method: /^conversations\.(open|create|invite)$/, times: 1, respond: { status: 503 } },
];

const clock = manualClock(new Date());
let raw: SlackHarness;
let h: SlackHarness;
let setup: CoachingEngagement;
let previewed = '';
const hrKeys: string[] = [];

const armFaults = () => {
  for (const rule of deliveryFaults) raw.fake.setFault(rule);
};

beforeAll(async () => {
  raw = await startSlackHarness({
    clock,
    users: [
      { id: HR, name: 'harper', tz: 'Europe/London' },
      { id: CLIENT, name: 'jane', tz: 'Europe/London' },
      { id: SPONSOR, name: 'sam', tz: 'America/New_York' },
      { id: COACH, name: 'kim', tz: 'Asia/Tokyo' },
    ],
  });
  h = redelivering(faultTolerantDrain(raw), 4).harness;
  armFaults();
  setup = await startCoaching(h, clock, { hr: HR, client: CLIENT, sponsor: SPONSOR, coach: COACH });
}, 60_000);

afterAll(async () => {
  await raw?.close();
});

const section = (blocks: unknown[] | undefined, index: number) =>
  ((blocks ?? [])[index] as { text?: { text?: string } } | undefined)?.text?.text ?? '';

describe('confidentiality while faults are injected', () => {
  it('walks reflections, a release and preparation notes with every request four times and failing deliveries', {
    timeout: 120_000,
  }, async () => {
    armFaults();
    await setup.issuePrompt();
    await click(h, CLIENT, findControl(h, CLIENT, 'reflection.answer'));
    armFaults();
    await submitForm(h, CLIENT, 'reflection.answer', {
      answer: typed(`I avoid conflict ${canary.answerByForm}`),
    });
    armFaults();
    await typeInDm(h, CLIENT, `and I over-prepare ${canary.answerTyped}`);
    const share = ephemeralControls(h, CLIENT).find((c) => c.actionId === 'reflection.share_with_coach');
    if (!share) throw new Error('no share button');
    armFaults();
    await click(h, CLIENT, share);
    expect(JSON.stringify(raw.fake.messagesIn(setup.coachingChannel()))).toContain(canary.answerByForm);

    await typeInDm(h, CLIENT, 'goals');
    const draft = ephemeralControls(h, CLIENT).find((c) => c.actionId === 'goal.draft');
    if (!draft) throw new Error('no draft button');
    await click(h, CLIENT, draft);
    armFaults();
    await submitForm(h, CLIENT, 'goal.draft', {
      goal: typed(`Delegate the roadmap ${canary.goal}`),
      successMeasure: typed(`Two leads run planning ${canary.measure}`),
    });
    const preview = ephemeralControls(h, CLIENT).find((c) => c.actionId === 'release.preview');
    if (!preview) throw new Error('no preview button');
    const previewReply = JSON.parse(await click(h, CLIENT, preview)) as { blocks: unknown[] }[];
    const blocks = previewReply.at(-1)?.blocks ?? [];
    previewed = section(blocks, 1);
    expect(previewed).toContain(canary.goal);
    const confirm = controlsInBlocks(blocks, setup.dm).find((c) => c.actionId === 'release.confirm');
    if (!confirm) throw new Error('no confirm button');
    armFaults();
    await click(h, CLIENT, confirm);
    const released = raw.fake
      .messagesIn(setup.sponsorChannel())
      .filter((m) => JSON.stringify(m.blocks ?? []).includes(canary.goal));
    expect(released).toHaveLength(1);
    expect(section(released[0]?.blocks, 1)).toBe(previewed);

    const closing = await setup.meetingId('closing');
    armFaults();
    await click(
      h,
      CLIENT,
      findControl(
        h,
        setup.sponsorChannel(),
        'meeting.schedule',
        (c) => c.blockId?.endsWith(closing) === true,
      ),
      localTime(clock.now(), 5, 15, 'Europe/London'),
    );
    await click(h, CLIENT, findControl(h, CLIENT, 'meeting.prepare'));
    armFaults();
    await submitForm(h, CLIENT, 'meeting.prepare.save', {
      notes: typed(`I will ask for scope ${canary.preparation}`),
    });
    for (const text of ['list', `status <@${CLIENT}>`]) hrKeys.push((await h.command(HR, text)).key);
    await h.event({ type: 'app_home_opened', user: SPONSOR, channel: 'D0SP', tab: 'home' });
    await h.event({ type: 'app_home_opened', user: HR, channel: 'D0HR', tab: 'home' });

    // The faults really happened, on the delivery path.
    expect(raw.fake.calls.filter((call) => call.faulted).length).toBeGreaterThan(20);
  });

  it('no canary reaches the sponsor, HR or a log — except the released text, exactly as previewed, once', () => {
    const { fake } = raw;
    const memberOf = (user: string) =>
      new Set(
        fake.conversations
          .all()
          .filter((c) => c.members.includes(user))
          .map((c) => c.id),
      );
    const trafficOf = (user: string) => {
      const channels = memberOf(user);
      return fake.calls
        .filter(
          (c) =>
            (typeof c.args.channel === 'string' && channels.has(c.args.channel)) ||
            c.args.user === user ||
            c.args.user_id === user,
        )
        .map((c) => JSON.stringify(c.args))
        .join('\n');
    };
    const sponsorTraffic = trafficOf(SPONSOR);
    const hrTraffic = [
      trafficOf(HR),
      ...hrKeys.flatMap((key) => raw.sink.postsTo(key).map((p) => JSON.stringify(p.body))),
    ].join('\n');
    expect(hrTraffic).toContain('jane');
    const released = JSON.stringify(previewed).slice(1, -1);
    expect(sponsorTraffic).toContain(released);
    const sponsorWithoutReleased = sponsorTraffic.split(released).join('');
    const logs = raw.logLines.join('\n');
    for (const value of Object.values(canary)) {
      expect(sponsorWithoutReleased).not.toContain(value);
      expect(hrTraffic).not.toContain(value);
      expect(logs).not.toContain(value);
    }
    // Retries re-sent the release, never duplicated it: one message carries it in the sponsor channel.
    const carrying = fake.messages.filter((m) => JSON.stringify(m.blocks ?? []).includes(canary.goal));
    expect(carrying.filter((m) => m.channel === setup.sponsorChannel())).toHaveLength(1);
  });
});
