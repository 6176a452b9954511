import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockActionsPayload } from '../../../support/fake-slack/interaction-payloads.js';
import { eventBody, interactionBody } from '../../../support/slack-signing.js';
import { controlsIn, localTime, type RenderedControl } from '../slack-walk.js';
import { type DistributionHarness, startDistributionHarness } from './distribution-harness.js';

/**
 * Slack Connect in distribution mode: a coach of the firm's own workspace (T0FIRM0001, where Triad is not
 * installed) is invited by e-mail into the client workspace's channels, and then acts there with their own team
 * on every payload (`team.id` and `user.team_id` are the firm's). Triad answers with the client workspace's
 * installation, finds the coach as (firm, Kim), and refuses anyone else of the firm.
 */
const CLIENT_TEAM = 'T0CLIENT01';
const FIRM = 'T0FIRM0001';
const HR = 'U0HRCLIENT';
const CLIENT = 'U0CLIENT01';
const SPONSOR = 'U0SPONSOR1';
const KIM = 'U0KIMFIRM1';
const KIMS_COLLEAGUE = 'U0FIRMPAL1';
const DAY = 86_400_000;
const ZONE = 'Europe/London';

let h: DistributionHarness;
let engagementId = '';

const ws = () => h.cloud.workspace(CLIENT_TEAM);
const channelOf = (kind: string) =>
  ws()
    .conversations.all()
    .find((c) => c.name.startsWith(`triad-${kind}-${engagementId.slice(0, 8)}`))?.id ?? '';
const stage = async () =>
  (await h.database.sql<{ stage: string }[]>`select stage from engagements where id = ${engagementId}`)[0]
    ?.stage;
const snapshot = async () =>
  JSON.stringify([
    await h.database.sql`select * from engagements order by id`,
    await h.database.sql`select * from meetings order by id`,
    await h.database.sql`select id, status from outbox order by seq`,
  ]);

/** A signed block action from `userId` of `team` (Slack puts the actor's team in `team` and `user.team_id`). */
async function press(team: string, userId: string, control: RenderedControl, pickedAt?: Date) {
  const key = randomUUID();
  const response = await h.post(
    interactionBody(
      blockActionsPayload({
        user_id: userId,
        team_id: team,
        channel_id: control.channel,
        message_ts: control.ts,
        response_url: h.sink.urlFor(key),
        action: {
          action_id: control.actionId,
          type: control.type,
          ...(control.blockId ? { block_id: control.blockId } : {}),
          ...(control.value !== undefined ? { value: control.value } : {}),
          ...(pickedAt ? { selected_date_time: Math.floor(pickedAt.getTime() / 1000) } : {}),
        },
      }),
    ),
  );
  expect(response.status).toBe(200);
  await h.drain();
  return JSON.stringify(h.sink.postsTo(key).map((p) => p.body));
}

async function meetingControl(kind: string, actionId: string, where: string[]) {
  const [meeting] = await h.database.sql<{ id: string }[]>`
    select id from meetings where engagement_id = ${engagementId} and kind = ${kind}`;
  const found = where
    .flatMap((channel) => controlsIn(ws().messagesIn(channel)))
    .filter((c) => c.actionId === actionId)
    .find((c) => c.value === meeting?.id || c.blockId?.endsWith(meeting?.id ?? '-'));
  if (!found) throw new Error(`no ${actionId} for the ${kind}`);
  return found;
}

async function scheduleAndPass(kind: string) {
  const dm = ws().conversations.imWith(CLIENT)?.id ?? '';
  const picker = await meetingControl(kind, 'meeting.schedule', [dm, channelOf('sponsor')]);
  await press(CLIENT_TEAM, CLIENT, picker, localTime(h.core.clock.now(), 2, 11, ZONE));
  h.core.clock.advance(3 * DAY);
}

beforeAll(async () => {
  h = await startDistributionHarness({
    workspaces: [
      {
        teamId: CLIENT_TEAM,
        teamName: 'Client',
        botUserId: 'U0BOTCLIEN',
        users: [
          { id: HR, name: 'harper', tz: ZONE },
          { id: CLIENT, name: 'cleo', tz: ZONE },
          { id: SPONSOR, name: 'sam', tz: ZONE },
        ],
      },
    ],
    hrAdmins: [],
  });
  expect((await h.install(CLIENT_TEAM, HR)).status).toBe(200);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('a Slack Connect coach acting from their own team (distribution mode)', () => {
  it('is invited by e-mail and joins; the engagement waits for them, then proceeds', async () => {
    const reply = JSON.stringify(
      await h.command(
        CLIENT_TEAM,
        HR,
        `start client:<@${CLIENT}> sponsor:<@${SPONSOR}> coach:<mailto:kim@firm.example|kim@firm.example>`,
      ),
    );
    expect(reply).toContain('invited, not joined yet');
    const [row] = await h.database.sql<{ id: string }[]>`select id from engagements`;
    engagementId = row?.id ?? '';
    await h.drain();
    await scheduleAndPass('kickoff');
    await press(CLIENT_TEAM, CLIENT, await meetingControl('kickoff', 'meeting.held', [channelOf('sponsor')]));
    expect(await stage()).toBe('coach_matching');

    const invites = ws().sharedChannels.invites;
    expect(invites.length).toBe(2);
    for (const invite of invites) {
      const events = ws().sharedChannels.accept(invite.id, {
        id: KIM,
        name: 'kim',
        team_id: FIRM,
        tz: ZONE,
        profile: { email: 'kim@firm.example' },
      });
      for (const event of events) {
        const posted = await h.post(
          eventBody(event, {
            team_id: CLIENT_TEAM,
            event_id: `Ev${randomUUID()}`,
            bot_user_id: 'U0BOTCLIEN',
          }),
        );
        expect(posted.status).toBe(200);
      }
    }
    await h.drain();
    expect(await stage()).toBe('alignment');
    const [kim] = await h.database.sql<{ home_team_id: string }[]>`
      select home_team_id from people where platform_user_id = ${KIM}`;
    expect(kim?.home_team_id).toBe(FIRM);
    await scheduleAndPass('alignment');
  });

  it("refuses the same button pressed by someone else of the coach's team: nothing changes", async () => {
    const held = await meetingControl('alignment', 'meeting.held', [channelOf('sponsor')]);
    const before = await snapshot();
    const sent = ws().messages.length;
    const answer = await press(FIRM, KIMS_COLLEAGUE, held);
    expect(answer).not.toBe('[]');
    expect(await snapshot()).toBe(before);
    expect(ws().messages.length).toBe(sent);
  });

  it("refuses the coach's user id arriving from a team that is not theirs: identity is (team, user)", async () => {
    const held = await meetingControl('alignment', 'meeting.held', [channelOf('sponsor')]);
    const before = await snapshot();
    const answer = await press('T0ELSEWHER', KIM, held);
    expect(answer).not.toBe('[]');
    expect(await snapshot()).toBe(before);
  });

  it("the coach's DM from the firm's team is answered as the coach of this workspace's engagement", async () => {
    const dm = ws().conversations.imWith(KIM)?.id ?? '';
    expect(dm).not.toBe('');
    const seen = ws().ephemeralsTo(KIM).length;
    // Slack Connect: the envelope and the message name the sender's team; `authorizations` the installation.
    const body = {
      token: 'verification-token',
      team_id: FIRM,
      api_app_id: 'A0TRIAD00',
      type: 'event_callback',
      event_id: `Ev${randomUUID()}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [
        {
          enterprise_id: null,
          team_id: CLIENT_TEAM,
          user_id: 'U0BOTCLIEN',
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: true,
      event: {
        type: 'message',
        channel: dm,
        channel_type: 'im',
        user: KIM,
        user_team: FIRM,
        team: FIRM,
        text: 'help',
        ts: `${Math.floor(Date.now() / 1000)}.000900`,
        event_ts: `${Math.floor(Date.now() / 1000)}.000900`,
      },
    };
    const posted = await h.post({ body: JSON.stringify(body), contentType: 'application/json' });
    expect(posted.status).toBe(200);
    const replies = ws().ephemeralsTo(KIM).slice(seen);
    expect(replies.length).toBe(1);
    expect(JSON.stringify(replies)).toContain('As a coach');
  });

  it("the coach marks the meeting held from the firm's team, with the client workspace's token", async () => {
    const held = await meetingControl('alignment', 'meeting.held', [channelOf('sponsor')]);
    const callsBefore = h.cloud.calls.length;
    await press(FIRM, KIM, held);
    expect(await stage()).toBe('coaching');
    const calls = h.cloud.calls.slice(callsBefore);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.teamId === CLIENT_TEAM && c.error === undefined)).toBe(true);
  });
});
