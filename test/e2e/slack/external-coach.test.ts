import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../support/core-deps.js';
import { type SlackHarness, startSlackHarness } from './slack-harness.js';
import { click, controlsIn, findControl, localTime } from './slack-walk.js';

const HR = 'U0HR000001';
const SPONSOR = 'U0SPONSOR1';
const KIM = 'U0KIMFIRM1';
const FIRM = 'T0FIRM0001';
const DAY = 86_400_000;

const clock = manualClock(new Date());
let h: SlackHarness;

beforeAll(async () => {
  h = await startSlackHarness({
    clock,
    users: [
      { id: HR, name: 'harper' },
      { id: SPONSOR, name: 'sam' },
      ...['U0CLIENT01', 'U0CLIENT02', 'U0CLIENT03'].map((id, i) => ({ id, name: `client${i + 1}` })),
    ],
  });
});

afterAll(async () => {
  expect(h.fake.internalErrors).toEqual([]);
  expect(h.fake.unexpectedCalls).toEqual([]);
  await h?.close();
});

async function startWithInvitee(client: string, email: string) {
  const { replies } = await h.command(
    HR,
    `start client:<@${client}> sponsor:<@${SPONSOR}> coach:<mailto:${email}|${email}>`,
  );
  const [row] = await h.database.sql<{ id: string }[]>`
    select e.id from engagements e join people p on p.id = e.client_id where p.platform_user_id = ${client}`;
  await h.drain();
  return { engagementId: row?.id ?? '', reply: JSON.stringify(replies) };
}

const engagementRow = async (id: string) =>
  (
    await h.database.sql<{ stage: string; coach_id: string | null; version: number }[]>`
      select stage, coach_id, version from engagements where id = ${id}`
  )[0];
const invitationRow = async (engagementId: string) =>
  (
    await h.database.sql<{ state: string; refusal: string | null; invites: unknown[] }[]>`
      select state, refusal, invites from coach_invitations where engagement_id = ${engagementId}`
  )[0];
const channelOf = (engagementId: string, kind: string) =>
  h.fake.conversations.all().find((c) => c.name.startsWith(`triad-${kind}-${engagementId.slice(0, 8)}`))
    ?.id ?? '';

async function post(event: Record<string, unknown>) {
  expect((await h.event(event, `Ev${randomUUID()}`)).status).toBe(200);
}

/** The client schedules a meeting with the picker and marks it held after its time. */
async function hold(client: string, engagementId: string, kind: string) {
  const [meeting] = await h.database.sql<{ id: string }[]>`
    select id from meetings where engagement_id = ${engagementId} and kind = ${kind}`;
  const dm = h.fake.conversations.imWith(client)?.id ?? '';
  const picker = [dm, channelOf(engagementId, 'sponsor')]
    .flatMap((where) => controlsIn(h.fake.messagesIn(where)))
    .find((c) => c.actionId === 'meeting.schedule' && c.blockId?.endsWith(meeting?.id ?? '-'));
  if (!picker) throw new Error(`no picker for the ${kind}`);
  await click(h, client, picker, localTime(clock.now(), 2, 11, 'Europe/London'));
  clock.advance(3 * DAY);
  await click(
    h,
    client,
    findControl(h, channelOf(engagementId, 'sponsor'), 'meeting.held', (c) => c.value === meeting?.id),
  );
}

describe('a coach from outside the workspace, invited by e-mail (Slack Connect)', () => {
  it('is invited to both channels; when they join, the engagement proceeds as if they had been named', async () => {
    const client = 'U0CLIENT01';
    const { engagementId, reply } = await startWithInvitee(client, 'Kim@Firm.example');
    expect(reply).toContain('coach kim@firm.example invited, not joined yet');
    const invites = h.fake.sharedChannels.invites.filter((i) => i.email === 'kim@firm.example');
    expect(invites.map((i) => i.channel).sort()).toEqual(
      [channelOf(engagementId, 'coaching'), channelOf(engagementId, 'sponsor')].sort(),
    );
    expect(JSON.stringify(h.fake.messagesIn(client))).toContain(
      'Your coach (kim@firm.example) is from outside',
    );
    expect(JSON.stringify(h.fake.messagesIn(HR))).toContain('Triad invited them to client1');
    expect(await engagementRow(engagementId)).toMatchObject({ stage: 'kickoff', coach_id: null });

    // The kickoff is held while the invitation waits: no empty coach choice, the engagement waits for its coach.
    await hold(client, engagementId, 'kickoff');
    expect(await engagementRow(engagementId)).toMatchObject({ stage: 'coach_matching', coach_id: null });

    const sponsorInvite = invites.find((i) => i.channel === channelOf(engagementId, 'sponsor'));
    const events = h.fake.sharedChannels.accept(sponsorInvite?.id ?? '', {
      id: KIM,
      name: 'kim',
      team_id: FIRM,
      tz: 'Asia/Tokyo',
      profile: { email: 'kim@firm.example' },
    });
    for (const event of events) await post(event);
    await h.drain();

    const [kim] = await h.database.sql<{ id: string; home_team_id: string; organisation_id: string }[]>`
      select id, home_team_id, organisation_id from people where platform_user_id = ${KIM}`;
    expect(kim?.home_team_id).toBe(FIRM);
    expect(await engagementRow(engagementId)).toMatchObject({ stage: 'alignment', coach_id: kim?.id });
    expect(await invitationRow(engagementId)).toMatchObject({ state: 'accepted' });
    expect(h.fake.conversations.get(channelOf(engagementId, 'coaching'))?.members).toContain(KIM);
    expect(JSON.stringify(h.fake.messagesIn(channelOf(engagementId, 'coaching')))).toContain(
      'Welcome, client1 and kim.',
    );
    expect(JSON.stringify(h.fake.messagesIn(HR))).toContain('kim accepted the invitation');
    // Kim is no stranger in the coaching channel: nothing held, nobody alerted.
    expect(JSON.stringify(h.fake.messagesIn(client))).not.toContain('not part of your coaching');

    // The engagement goes on: the alignment meeting is held and coaching starts.
    await hold(client, engagementId, 'alignment');
    expect(await engagementRow(engagementId)).toMatchObject({ stage: 'coaching' });
  });

  it('is refused by Slack (free plan): HR reads why, and nothing else changes', async () => {
    h.fake.sharedChannels.setMode({ kind: 'refuse', error: 'not_paid' });
    try {
      const { engagementId } = await startWithInvitee('U0CLIENT02', 'lee@firm.example');
      expect(await invitationRow(engagementId)).toMatchObject({
        state: 'refused',
        refusal: 'not_paid',
        invites: [],
      });
      const hr = JSON.stringify(h.fake.messagesIn(HR));
      expect(hr).toContain('Triad could not bring lee@firm.example in');
      expect(hr).toContain('Slack Connect needs a paid Slack plan');
      expect((hr.match(/could not bring lee@firm.example/g) ?? []).length).toBe(1);
      expect(await engagementRow(engagementId)).toMatchObject({
        stage: 'kickoff',
        coach_id: null,
        version: 1,
      });
      const [failed] = await h.database.sql<{ count: number }[]>`
        select count(*)::int as count from outbox where engagement_id = ${engagementId} and status <> 'sent'`;
      expect(failed?.count).toBe(0);
    } finally {
      h.fake.sharedChannels.setMode({ kind: 'send' });
    }
  });

  it('declined by the invitee: HR is told; nothing else changes', async () => {
    const { engagementId } = await startWithInvitee('U0CLIENT03', 'ola@firm.example');
    const invite = h.fake.sharedChannels.invites.find((i) => i.email === 'ola@firm.example');
    await post(h.fake.sharedChannels.decline(invite?.id ?? ''));
    await h.drain();
    expect(await invitationRow(engagementId)).toMatchObject({ state: 'refused', refusal: 'declined' });
    expect(JSON.stringify(h.fake.messagesIn(HR))).toContain('the invitation was declined');
    expect(await engagementRow(engagementId)).toMatchObject({ stage: 'kickoff', coach_id: null, version: 1 });
  });
});
