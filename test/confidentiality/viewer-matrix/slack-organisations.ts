import { randomUUID } from 'node:crypto';
import { deliverOutboxEntry } from '../../../src/outbox/deliver-outbox-entry.js';
import type { Actor } from '../../../src/use-cases/actor.js';
import {
  type DistributionHarness,
  startDistributionHarness,
} from '../../e2e/slack/distribution/distribution-harness.js';
import { blockActionsPayload } from '../../support/fake-slack/interaction-payloads.js';
import { eventBody, interactionBody, slashCommandBody } from '../../support/slack-signing.js';
import { organisationBViewers, type Viewer } from './matrix.js';

/**
 * The viewer matrix's two Slack organisations (issue 14): workspaces A and B, each installing Triad through the
 * OAuth redirect (distribution mode, the fake Slack Web API of many workspaces); each installer is their
 * organisation's first HR admin and adds the others. Kim (one user id, of A's team) is A's current coach and,
 * through Slack Connect, a member of B's workspace too, where she is the client: she acts there from her own team,
 * so every request of hers in B names team A (`user.team_id`, `user_team`) and arrives for B's installation.
 */
export const A = 'T0ORGA0001';
export const B = 'T0ORGB0001';
const KIM = 'U0KIM00001';

export const ids: Record<Viewer, string> = {
  client: 'U0CLIENT01',
  currentCoach: KIM,
  formerCoach: 'U0COACHA01',
  sponsor: 'U0SPONSOR1',
  hrAdmin: 'U0HR000001',
  removedHrAdmin: 'U0HR000002',
  otherOrganisationHr: 'U0HROTHER1',
  stranger: 'U0STRANGE1',
  kimInB: KIM,
  bHrAdmin: 'U0BHR00001',
  bAdmin: 'U0BHR00002',
  bSponsor: 'U0BSPONSR1',
  bCoach: 'U0BCOACH01',
};

/** HR of another organisation is an HR admin of B (its installer added them). */
const ofB = (viewer: Viewer) =>
  viewer === 'otherOrganisationHr' || (organisationBViewers as readonly Viewer[]).includes(viewer);
/** The workspace whose installation answers the viewer. */
export const workspaceOf = (viewer: Viewer) => (ofB(viewer) ? B : A);
/** The team the viewer's requests name: their own (Kim's is A, also in B). */
export const teamOf = (viewer: Viewer) => (viewer === 'kimInB' ? A : workspaceOf(viewer));

export const actorOf = (viewer: Viewer): Actor => ({
  platform: 'slack',
  tenantId: workspaceOf(viewer),
  platformUserId: ids[viewer],
  ...(teamOf(viewer) !== workspaceOf(viewer) ? { homeTeamId: teamOf(viewer) } : {}),
});

const bots: Record<string, string> = { [A]: 'U0BOTORGA1', [B]: 'U0BOTORGB1' };

export type Organisations = DistributionHarness;

export async function startOrganisations(viewers: readonly Viewer[]): Promise<Organisations> {
  const users = (team: string) =>
    viewers
      .filter((v) => workspaceOf(v) === team && v !== 'kimInB')
      .map((v) => ({ id: ids[v], name: v, tz: 'Europe/London' }));
  const h = await startDistributionHarness({
    workspaces: [
      { teamId: A, teamName: 'Organisation A', botUserId: bots[A] ?? '', users: users(A) },
      {
        teamId: B,
        teamName: 'Organisation B',
        botUserId: bots[B] ?? '',
        // Kim, through Slack Connect: a person of team A, visible in B's workspace.
        users: [...users(B), { id: KIM, name: 'kim', tz: 'Europe/London', team_id: A }],
      },
    ],
    hrAdmins: [],
  });
  for (const [team, installer] of [
    [A, ids.hrAdmin],
    [B, ids.bHrAdmin],
  ] as const) {
    const installed = await h.install(team, installer);
    if (installed.status !== 200) throw new Error(`install of ${team} answered ${installed.status}`);
  }
  await command(h, 'hrAdmin', `admins add <@${ids.removedHrAdmin}>`);
  for (const added of ['bAdmin', 'otherOrganisationHr'] as const)
    await command(h, 'bHrAdmin', `admins add <@${ids[added]}>`);
  return h;
}

/** Delivers what is due, as the worker would; a failure is recorded on the row (the platform said no). */
export async function deliver(h: Organisations): Promise<void> {
  for (let round = 0; round < 10; round += 1) {
    const pending = await h.database.sql<{ id: string }[]>`
      select id from outbox where status = 'pending' and available_at <= ${h.core.clock.now()} order by seq`;
    if (pending.length === 0) return;
    for (const { id } of pending)
      await deliverOutboxEntry({ outboxId: id }, { ...h.core, messengers: { slack: h.slack.messenger } });
  }
}

/** `/coaching <words>` as the viewer, from their team, in `channel`; returns what the response_url got. */
export async function command(h: Organisations, viewer: Viewer, words: string, channel?: string) {
  const key = randomUUID();
  await h.post(
    slashCommandBody({
      command: '/coaching',
      text: words,
      user_id: ids[viewer],
      team_id: teamOf(viewer),
      response_url: h.sink.urlFor(key),
      ...(channel ? { channel_id: channel } : {}),
    }),
  );
  return h.sink.postsTo(key).map((p) => p.body);
}

/** The viewer's DM with Triad in their workspace, opened as when they open Triad's Messages tab. */
export async function dmOf(h: Organisations, viewer: Viewer): Promise<string> {
  const ws = h.cloud.workspace(workspaceOf(viewer));
  const open = ws.conversations.imWith(ids[viewer]);
  if (open) return open.id;
  const answer = await fetch(`${ws.url}conversations.open`, {
    method: 'POST',
    headers: { authorization: 'Bearer xoxb-matrix', 'content-type': 'application/json' },
    body: JSON.stringify({ users: ids[viewer] }),
  });
  const opened = (await answer.json()) as { channel?: { id?: string } };
  return opened.channel?.id ?? '';
}

/** A message the viewer types in their DM with Triad: the event names their team and the workspace's installation. */
export async function typeInDm(h: Organisations, viewer: Viewer, text: string): Promise<void> {
  const workspace = workspaceOf(viewer);
  const channel = await dmOf(h, viewer);
  const message = h.cloud.workspace(workspace).postAsUser({ channel, user: ids[viewer], text });
  const event = {
    type: 'message',
    channel,
    channel_type: 'im',
    user: ids[viewer],
    text,
    ts: message.ts,
    ...(teamOf(viewer) !== workspace ? { user_team: teamOf(viewer), team: teamOf(viewer) } : {}),
  };
  const body = JSON.parse(
    eventBody(event, {
      team_id: workspace,
      bot_user_id: bots[workspace] ?? '',
      event_id: `Ev${randomUUID()}`,
    }).body,
  ) as Record<string, unknown>;
  // Slack Connect: the envelope names the sender's team; `authorizations` the installation.
  const posted = await h.post({
    body: JSON.stringify({ ...body, team_id: teamOf(viewer) }),
    contentType: 'application/json',
  });
  if (posted.status !== 200) throw new Error(`message event answered ${posted.status}`);
  await deliver(h);
}

/** The viewer opens Triad's Home tab in their workspace. */
export async function openHome(h: Organisations, viewer: Viewer, ts: string): Promise<void> {
  const workspace = workspaceOf(viewer);
  await h.post(
    eventBody(
      { type: 'app_home_opened', user: ids[viewer], channel: 'D0HOME', tab: 'home', event_ts: ts },
      { team_id: workspace, bot_user_id: bots[workspace] ?? '', event_id: `Ev${randomUUID()}` },
    ),
  );
}

/** A button pressed by the viewer, from their team, in `channel`; returns what the response_url got. */
export async function press(
  h: Organisations,
  viewer: Viewer,
  channel: string,
  actionId: string,
  value: string,
) {
  const key = randomUUID();
  await h.post(
    interactionBody(
      blockActionsPayload({
        user_id: ids[viewer],
        team_id: teamOf(viewer),
        channel_id: channel,
        message_ts: '1.000001',
        response_url: h.sink.urlFor(key),
        action: { action_id: actionId, type: 'button', value },
      }),
    ),
  );
  return h.sink.postsTo(key).map((p) => p.body);
}
