import { retryDeliveries } from '../../../src/use-cases/hr/retry-deliveries.js';
import { allViewers, newObserved, type Observed, see, type Viewer } from './matrix.js';
import { snapshotOf } from './organisation-snapshot.js';
import {
  A,
  actorOf,
  B,
  command,
  deliver,
  ids,
  type Organisations,
  openHome,
  startOrganisations,
  typeInDm,
  workspaceOf,
} from './slack-organisations.js';
import { channelContents, looking, markCalls, pressEverything, replayOtherViews } from './slack-reads.js';
import { tellStoryOfA, tellStoryOfB } from './slack-story.js';

/**
 * The viewer matrix on Slack: the real Bolt app in distribution mode behind signed requests, two workspaces that
 * installed it through OAuth (the fake Slack Web API of many workspaces), real PostgreSQL. Organisation A tells the
 * story; organisation B starts Kim's engagement (Kim: A's current coach, B's client through Slack Connect). Then
 * every viewer of both takes every read path in their workspace — App Home, slash commands (response_url), DM
 * commands, buttons pressed with every id of both organisations, the other workspace's forms submitted again,
 * the export — and what each member of each channel can read (deliveries; retries while A's HR retries). The
 * requests of one organisation's viewers must leave the other's rows as they were (`changed` lists any).
 */
export interface SlackMatrix {
  observed: Observed;
  /** The organisations whose stored rows the other organisation's requests changed (should be none). */
  changed: string[];
}

async function lookEverywhere(
  h: Organisations,
  observed: Observed,
  viewer: Viewer,
  engagements: { a: string; b: string },
) {
  const home = async (ts: string) => {
    await looking(h, observed, viewer, 'home', () => openHome(h, viewer, ts));
    const published = h.cloud.workspace(workspaceOf(viewer)).homeViewOf(ids[viewer]);
    if (published) see(observed, viewer, 'home', published.blocks);
  };
  await home('1.0');
  await looking(h, observed, viewer, 'commandReplies', async () => [
    ...(await command(h, viewer, 'list')),
    ...(await command(h, viewer, `status <@${ids.client}>`)),
    ...(await command(h, viewer, `status <@${ids.kimInB}>`)),
  ]);
  await looking(h, observed, viewer, 'commandReplies', async () => {
    await typeInDm(h, viewer, 'goals');
    await typeInDm(h, viewer, 'notes');
  });
  await looking(h, observed, viewer, 'forms', () => pressEverything(h, observed, viewer, engagements));
  await looking(h, observed, viewer, 'forms', () => replayOtherViews(h, observed, viewer));
  await looking(h, observed, viewer, 'exports', () => typeInDm(h, viewer, 'export'));
  // The role attack: make oneself the coach (of A's client, of Kim in B), then look at Home again.
  await looking(h, observed, viewer, 'commandReplies', async () => [
    ...(await command(h, viewer, `reassign <@${ids.client}> coach:<@${ids[viewer]}>`)),
    ...(await command(h, viewer, `reassign <@${ids.kimInB}> coach:<@${ids[viewer]}>`)),
  ]);
  await home('2.0');
}

export async function runSlackMatrix(): Promise<SlackMatrix> {
  const h = await startOrganisations(allViewers);
  const observed = newObserved();
  const changed: string[] = [];
  try {
    const engagements = { a: await tellStoryOfA(h), b: await tellStoryOfB(h) };
    const beforeRetry = markCalls(h);
    await retryDeliveries(
      { actor: actorOf('hrAdmin'), engagement: { kind: 'id', id: engagements.a } },
      h.core,
    );
    await deliver(h);
    channelContents(h, observed, 'retries', beforeRetry);
    channelContents(h, observed, 'deliveries');
    // B's viewers first (their forms are then open for A's viewers to replay), then A's; each side's requests
    // must leave the other organisation's rows as they were.
    for (const [team, other] of [
      [B, A],
      [A, B],
    ] as const) {
      const before = await snapshotOf(h.database, other);
      for (const viewer of allViewers.filter((v) => workspaceOf(v) === team))
        await lookEverywhere(h, observed, viewer, engagements);
      if ((await snapshotOf(h.database, other)) !== before) changed.push(other);
    }
    return { observed, changed };
  } finally {
    await h.close();
  }
}
