import { words } from '../../../src/confidentiality/words.js';
import type { Engagement } from '../../../src/engagement/records.js';
import type { SpaceKind } from '../../../src/messages/message.js';
import { inTransaction } from '../../../src/outbox/unit.js';
import { startEngagement } from '../../../src/use-cases/hr/start-engagement.js';
import { hrActor } from './engagement-journey.js';
import type { JobRuntime } from './job-runtime.js';

/** Starts `count` engagements (client, sponsor, one coach each) and returns them with their welcome rows. */
export async function startEngagements(runtime: JobRuntime, count: number, tag: string) {
  const engagements: Engagement[] = [];
  const welcomes: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const [client, sponsor, coach] = ['C', 'S', 'K'].map((role) => `U${tag}${role}${i}`) as [
      string,
      string,
      string,
    ];
    for (const id of [client, sponsor, coach]) runtime.deps.directory.add({ platformUserId: id });
    const { engagementId } = await startEngagement(
      { actor: hrActor, clientUserId: client, sponsorUserId: sponsor, coachUserIds: [coach] },
      runtime.deps,
    );
    const engagement = await runtime.deps.uow.read.engagements.get(engagementId);
    if (engagement) engagements.push(engagement);
    welcomes.push(...(await runtime.deps.uow.read.outbox.listByEngagement(engagementId)).map((e) => e.id));
  }
  return { engagements, welcomes };
}

const spaces: SpaceKind[] = ['client_dm', 'coaching', 'sponsor'];

/**
 * Commits `count` logistics messages spread over the engagements' three spaces (or `only` one), through the core's outbox (50
 * per transaction); the core hands each to the delivery queue after commit. Returns the outbox ids.
 */
export async function queueMessages(
  runtime: JobRuntime,
  engagements: readonly Engagement[],
  count: number,
  tag: string,
  only?: SpaceKind,
): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 50) {
    const batch = await inTransaction(runtime.deps, async (unit) => {
      const made: string[] = [];
      for (let i = start; i < Math.min(count, start + 50); i += 1) {
        const engagement = engagements[i % engagements.length] as Engagement;
        const space = only ?? (spaces[Math.floor(i / engagements.length) % spaces.length] as SpaceKind);
        const message = {
          audience: space === 'sponsor' ? ('shared' as const) : ('private' as const),
          destination: { kind: 'space' as const, engagementId: engagement.id, space },
          summary: words(`Message ${tag}-${i}`),
          blocks: [
            { type: 'section' as const, text: [{ kind: 'logistics' as const, text: `Body ${tag}-${i}` }] },
          ],
        };
        made.push(await unit.send(message, `test:${tag}:${i}`));
      }
      return made;
    });
    ids.push(...batch);
  }
  return ids;
}
