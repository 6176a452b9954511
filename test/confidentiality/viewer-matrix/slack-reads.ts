import { randomUUID } from 'node:crypto';
import { viewSubmissionPayload } from '../../support/fake-slack/interaction-payloads.js';
import { interactionBody } from '../../support/slack-signing.js';
import { allViewers, type Observed, type ReadPath, see, type Viewer } from './matrix.js';
import { A, B, dmOf, ids, type Organisations, press, teamOf, workspaceOf } from './slack-organisations.js';

/**
 * The read paths of the Slack matrix over two workspaces: what each member of each conversation can read there
 * (per workspace: Kim in A's channels is A's current coach, in B's she is B's client), and what Slack was asked to
 * show while one viewer made requests — in either workspace, so an answer of one organisation's installation to a
 * request of the other's counts as seen.
 */
const teams = [A, B] as const;

/** Every message now readable in every conversation of both workspaces, for each of its members. */
export function channelContents(h: Organisations, observed: Observed, path: ReadPath, since?: CallMarks) {
  for (const team of teams) {
    const ws = h.cloud.workspace(team);
    const posted = new Set(
      ws.calls
        .slice(since?.[team] ?? 0)
        .filter((c) => c.method === 'chat.postMessage' && c.ok)
        .map((c) => JSON.stringify(c.args.blocks ?? c.args.text)),
    );
    const members = allViewers.filter((v) => workspaceOf(v) === team);
    for (const conversation of ws.conversations.all()) {
      const messages = ws
        .messagesIn(conversation.id)
        .filter((m) => !since || posted.has(JSON.stringify(m.blocks ?? m.text)));
      for (const viewer of members) {
        if (!conversation.members.includes(ids[viewer])) continue;
        for (const message of messages) see(observed, viewer, path, message);
      }
    }
  }
}

export type CallMarks = Record<string, number>;
export const markCalls = (h: Organisations): CallMarks =>
  Object.fromEntries(teams.map((t) => [t, h.cloud.workspace(t).calls.length]));

/** Runs one read action as `viewer`; everything Slack was asked to show during it, in either workspace. */
export async function looking(
  h: Organisations,
  observed: Observed,
  viewer: Viewer,
  path: ReadPath,
  act: () => Promise<unknown>,
) {
  const before = markCalls(h);
  const answered = await act();
  if (Array.isArray(answered)) for (const body of answered) see(observed, viewer, path, body);
  for (const team of teams) {
    const ws = h.cloud.workspace(team);
    for (const call of ws.calls.slice(before[team])) {
      const channel = call.args.channel as string | undefined;
      const member = channel ? ws.conversations.get(channel)?.members.includes(ids[viewer]) : undefined;
      if (call.method === 'chat.postMessage' && member === false) continue;
      see(observed, viewer, path, call.args);
    }
  }
}

/** Where a viewer presses buttons: Kim in B from B's sponsor channel (shared with her team), others in their DM. */
async function pressChannel(h: Organisations, viewer: Viewer, engagementB: string) {
  if (viewer !== 'kimInB') return dmOf(h, viewer);
  const [space] = await h.database.sql<{ channel: string }[]>`
    select address->>'channel' as channel from spaces
    where engagement_id = ${engagementB} and kind = 'sponsor' and retired_at is null`;
  return space?.channel ?? '';
}

/** Buttons pressed as `viewer` with the ids of both organisations' engagements (forged unless theirs). */
export async function pressEverything(
  h: Organisations,
  observed: Observed,
  viewer: Viewer,
  engagements: { a: string; b: string },
) {
  const channel = await pressChannel(h, viewer, engagements.b);
  const rows = await h.database.sql<{ action: string; id: string }[]>`
    select 'reflection.answer' as action, id from reflection_prompts where engagement_id in ${h.database.sql([engagements.a, engagements.b])}
    union all select 'goal.edit', id from private_entries where engagement_id in ${h.database.sql([engagements.a, engagements.b])}
    union all select 'meeting.prepare', id from meetings where engagement_id in ${h.database.sql([engagements.a, engagements.b])}
    union all select 'assessment.insight', id from private_entries where engagement_id in ${h.database.sql([engagements.a, engagements.b])}
    union all select 'assessment.record', id from engagements where id in ${h.database.sql([engagements.a, engagements.b])}
    union all select 'session.notes', id from meetings where engagement_id in ${h.database.sql([engagements.a, engagements.b])}
    union all select 'session.notes.list', ${engagements.a} union all select 'session.notes.list', ${engagements.b}`;
  const aIds = new Set(
    (
      await h.database.sql<{ id: string }[]>`
        select id from reflection_prompts where engagement_id = ${engagements.a}
        union all select id from private_entries where engagement_id = ${engagements.a}
        union all select id from meetings where engagement_id = ${engagements.a}`
    ).map((r) => r.id),
  ).add(engagements.a);
  // Lean for B's viewers (runtime): A's ids one per button, B's all; A's viewers press every id of both.
  const sampled = new Set<string>();
  const presses = rows.filter(({ action, id }) => {
    if (workspaceOf(viewer) === A || !aIds.has(id)) return true;
    if (sampled.has(action)) return false;
    sampled.add(action);
    return true;
  });
  for (const { action, id } of [...presses, { action: 'goal.draft', id: 'draft' }]) {
    for (const body of await press(h, viewer, channel, action, id)) see(observed, viewer, 'forms', body);
  }
}

/**
 * Every form the other organisation's workspace opened (its view ids, callback ids and private metadata),
 * submitted by `viewer` from their own team with made-up values: refused, it changes nothing and shows nothing.
 */
export async function replayOtherViews(h: Organisations, observed: Observed, viewer: Viewer) {
  const other = workspaceOf(viewer) === A ? B : A;
  for (const view of h.cloud.workspace(other).views.filter((v) => v.type === 'modal')) {
    const values: Record<string, Record<string, unknown>> = {};
    for (const block of view.blocks as {
      type?: string;
      block_id?: string;
      element?: { action_id?: string };
    }[]) {
      if (block.type !== 'input' || !block.block_id || !block.element?.action_id) continue;
      values[block.block_id] = { [block.element.action_id]: { type: 'plain_text_input', value: 'replayed' } };
    }
    const answer = await h.post(
      interactionBody(
        viewSubmissionPayload({
          user_id: ids[viewer],
          team_id: teamOf(viewer),
          callback_id: view.callback_id,
          view_id: view.id,
          hash: view.hash,
          private_metadata: view.private_metadata,
          values,
          response_urls: [],
          trigger_id: randomUUID(),
        }),
      ),
    );
    if (answer.body) see(observed, viewer, 'forms', answer.body);
  }
}
