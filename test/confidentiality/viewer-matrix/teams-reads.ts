import type { Tenant } from '../../e2e/teams/multi-tenant-harness.js';
import type { FakeConversation, PostResult } from '../../support/fake-bot-connector/index.js';
import { allViewers, type Observed, type ReadPath, see, type Viewer } from './matrix.js';
import { type Tenants, tenantOf } from './teams-tenants.js';

/**
 * The read paths of the Teams matrix over the tenants: what each member of each conversation can read there (per
 * tenant: Kim in A's chats is A's current coach, in B's she is B's client), and what the bot posted in any tenant
 * while one viewer made a request — so an answer in one tenant to a request from the other counts as seen.
 */
const tenantsOf = (t: Tenants): Tenant[] => [t.a, t.b, t.h.tenants.c];

/**
 * What each member of each conversation can read there now: every activity the bot posted, in its last version.
 * `since`: only activities touched from those indexes on. Group chats are the spaces the outbox delivers to
 * (`deliveries`); every chat, 1:1 ones included, is filed as Teams cards.
 */
export function conversationContents(t: Tenants, observed: Observed, path: ReadPath, since?: Marks) {
  for (const tenant of tenantsOf(t)) {
    const { fake } = tenant;
    const from = since?.get(tenant.tenantId) ?? 0;
    const touched = new Set(fake.activities.slice(from).map((a) => `${a.conversationId}|${a.activityId}`));
    const members = allViewers.filter((v) => tenantOf(t, v) === tenant);
    for (const conversation of fake.conversations.values()) {
      if (path === 'deliveries' && conversation.conversationType === 'personal') continue;
      const current = new Map<string, unknown>();
      for (const recorded of fake.activitiesIn(conversation.id)) {
        if (recorded.operation === 'deleteActivity') current.delete(recorded.activityId);
        else current.set(recorded.activityId, recorded.activity);
      }
      for (const viewer of members) {
        if (!conversation.memberIds.includes(t.who[viewer].user.id)) continue;
        for (const [activityId, activity] of current)
          if (!since || touched.has(`${conversation.id}|${activityId}`))
            see(observed, viewer, path, activity);
      }
    }
  }
}

export type Marks = Map<string, number>;
export const mark = (t: Tenants): Marks =>
  new Map(tenantsOf(t).map((tenant) => [tenant.tenantId, tenant.fake.activities.length]));

/** Runs one read request as `viewer`: the invoke or HTTP answer and what the bot posted to the viewer's chats. */
export async function looking(
  t: Tenants,
  observed: Observed,
  viewer: Viewer,
  path: ReadPath,
  act: () => Promise<PostResult>,
) {
  const before = mark(t);
  const result = await act();
  if (result.body) {
    see(observed, viewer, path, result.body);
    see(observed, viewer, 'teamsCards', result.body);
  }
  const userId = t.who[viewer].user.id;
  for (const tenant of tenantsOf(t)) {
    for (const recorded of tenant.fake.activities.slice(before.get(tenant.tenantId))) {
      const members = tenant.fake.conversations.get(recorded.conversationId)?.memberIds ?? [];
      if (recorded.activity && members.includes(userId)) see(observed, viewer, path, recorded.activity);
    }
  }
}

/** Where a viewer speaks to Triad: Kim in B in B's sponsor chat (external access), the others in their 1:1 chat. */
export function chatOf(t: Tenants, viewer: Viewer): FakeConversation {
  const tenant = tenantOf(t, viewer);
  if (viewer !== 'kimInB') return tenant.chatOf(t.who[viewer]);
  const id = t.who.kimInB.user.id;
  const sponsor = t.who.bSponsor.user.id;
  const found = [...tenant.fake.conversations.values()].find(
    (c) => c.conversationType === 'groupChat' && c.memberIds.includes(id) && c.memberIds.includes(sponsor),
  );
  if (!found) throw new Error("no sponsor chat of B's");
  return found;
}

/** Buttons pressed as `viewer` with the ids of both engagements, as card actions and as dialogs. */
export async function pressEverything(
  t: Tenants,
  observed: Observed,
  viewer: Viewer,
  engagements: { a: string; b: string },
) {
  const tenant = tenantOf(t, viewer);
  const person = t.who[viewer];
  const chat = chatOf(t, viewer);
  const both = t.h.database.sql([engagements.a, engagements.b]);
  const rows = await t.h.database.sql<{ actionId: string; value: string; of: string }[]>`
    select 'reflection.answer' as "actionId", id as value, engagement_id as of from reflection_prompts
      where engagement_id in ${both}
    union all select 'goal.edit', id, engagement_id from private_entries where engagement_id in ${both}
    union all select 'meeting.prepare', id, engagement_id from meetings where engagement_id in ${both}
    union all select 'release.preview', id, engagement_id from private_entries where engagement_id in ${both}
    union all select 'assessment.insight', id, engagement_id from private_entries where engagement_id in ${both}
    union all select 'assessment.record', id, id from engagements where id in ${both}
    union all select 'session.notes', id, engagement_id from meetings where engagement_id in ${both}
    union all select 'session.notes.list', ${engagements.a}, ${engagements.a}
    union all select 'session.notes.list', ${engagements.b}, ${engagements.b}`;
  // Lean for B's viewers (runtime): A's ids one per button, B's all; A's viewers press every id of both.
  const sampled = new Set<string>();
  const presses = rows.filter((row) => {
    if (tenant === t.a || row.of !== engagements.a) return true;
    if (sampled.has(row.actionId)) return false;
    sampled.add(row.actionId);
    return true;
  });
  const data: Record<string, string>[] = [
    ...presses.map(({ actionId, value }) => ({ actionId, value })),
    { actionId: 'goal.draft' },
    { actionId: 'view.goals' },
  ];
  const h = tenant.asHarness;
  for (const pressed of data) {
    await looking(t, observed, viewer, 'forms', () => h.dialog(person, chat, 'task/fetch', pressed));
    await looking(t, observed, viewer, 'forms', () => h.invoke(person, chat, pressed));
  }
}

/** Everything `viewer` can ask for where they speak to Triad: commands, forms with any id, the export. */
export async function lookEverywhere(
  t: Tenants,
  observed: Observed,
  viewer: Viewer,
  engagements: { a: string; b: string },
) {
  const h = tenantOf(t, viewer).asHarness;
  const person = t.who[viewer];
  const chat = chatOf(t, viewer);
  for (const words of ['list', 'status @jane', 'status @kim', 'goals', 'notes'])
    await looking(t, observed, viewer, 'commandReplies', () => h.say(person, words, chat));
  await looking(t, observed, viewer, 'commandReplies', () =>
    h.dialog(person, chat, 'task/fetch', { actionId: 'view.notes' }),
  );
  await looking(t, observed, viewer, 'forms', async () => {
    await pressEverything(t, observed, viewer, engagements);
    return { status: 200, body: '' } as PostResult;
  });
  await looking(t, observed, viewer, 'exports', () => h.say(person, 'export', chat));
  await looking(t, observed, viewer, 'exports', () =>
    h.dialog(person, chat, 'task/fetch', { actionId: 'view.export' }),
  );
}
