import { retryDeliveries } from '../../../src/use-cases/hr/retry-deliveries.js';
import { allViewers, newObserved, type Viewer } from './matrix.js';
import { snapshotOf } from './organisation-snapshot.js';
import type { SlackMatrix as Matrix } from './slack-driver.js';
import { chatOf, conversationContents, lookEverywhere, looking, mark } from './teams-reads.js';
import { tellStoryOfA, tellStoryOfB } from './teams-story.js';
import { actorOf, deliver, startTenants, tenantOf } from './teams-tenants.js';

/**
 * The viewer matrix on Teams: one MultiTenant Triad behind the real botbuilder CloudAdapter endpoint, signed Bot
 * Framework tokens, a fake Bot Connector per tenant, real PostgreSQL. Tenant A tells the story; tenant B (allowed
 * by the operator) starts Kim's engagement (Kim: A's current coach, an external member of B's chats, B's client).
 * Every viewer of both takes every read path Teams has: typed commands (what the bot answered and posted), buttons
 * pressed with the ids of both engagements as card actions and as dialogs, the export and goal dialogs, and what
 * each member of each conversation can read (deliveries in group chats; Teams cards: every chat and every invoke
 * answer). Teams has no App Home, so `home` stays empty; the export card says the file is not delivered on Teams.
 * HR of another organisation speaks from tenant C, which Triad refuses before any use case runs. The requests of
 * one organisation's viewers must leave the other's rows as they were (`changed` lists any).
 */
export async function runTeamsMatrix(): Promise<Matrix> {
  const t = await startTenants();
  const observed = newObserved();
  const changed: string[] = [];
  try {
    const engagements = { a: await tellStoryOfA(t), b: await tellStoryOfB(t) };
    const beforeRetry = mark(t);
    await retryDeliveries(
      { actor: actorOf(t, 'hrAdmin'), engagement: { kind: 'id', id: engagements.a } },
      t.h.core,
    );
    await deliver(t);
    conversationContents(t, observed, 'retries', beforeRetry);
    conversationContents(t, observed, 'deliveries');
    conversationContents(t, observed, 'teamsCards');
    const ofB = (v: Viewer) => tenantOf(t, v) === t.b;
    for (const [side, other] of [
      [allViewers.filter(ofB), t.a.tenantId],
      [allViewers.filter((v) => !ofB(v)), t.b.tenantId],
    ] as const) {
      const before = await snapshotOf(t.h.database, other);
      for (const viewer of side) {
        const h = tenantOf(t, viewer).asHarness;
        const person = t.who[viewer];
        // Lean for B's viewers (runtime): they look once, after the role attack; A's before and after it.
        if (!ofB(viewer)) await lookEverywhere(t, observed, viewer, engagements);
        // The role attack: make oneself the coach (of A's client, of Kim in B), then look (again).
        for (const words of [`reassign @jane coach:@${person.key}`, `reassign @kim coach:@${person.key}`])
          await looking(t, observed, viewer, 'commandReplies', () => h.say(person, words, chatOf(t, viewer)));
        await deliver(t);
        await lookEverywhere(t, observed, viewer, engagements);
      }
      if ((await snapshotOf(t.h.database, other)) !== before) changed.push(other);
    }
    conversationContents(t, observed, 'teamsCards');
    return { observed, changed };
  } finally {
    await t.h.close();
  }
}
