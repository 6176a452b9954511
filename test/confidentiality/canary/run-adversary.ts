import { retryFailedDelivery } from '../../../src/outbox/retry-failed-delivery.js';
import { retryDeliveries } from '../../../src/use-cases/hr/retry-deliveries.js';
import { startEngagement } from '../../../src/use-cases/hr/start-engagement.js';
import { attempt } from './attempt.js';
import type { Command, StartVariant } from './commands.js';
import { Leak } from './oracle.js';
import { actorFor, countCommand, hasHrRights, hrOver, ownOf, type World } from './world.js';

type AdversaryCommand = Extract<Command, { t: 'outage' | 'retry' | 'tamper' | 'start' }>;

/**
 * What an adversary or bad luck does around the use cases: the platform failing (so deliveries fail and are
 * retried after the engagement changed), ciphertexts swapped between rows (of either organisation) by someone
 * with database access, engagements started with one person in two roles.
 */
export async function runAdversaryCommand(world: World, command: AdversaryCommand): Promise<void> {
  switch (command.t) {
    case 'outage':
      world.platform.outage = command.mode;
      countCommand(world, `outage:${command.mode}`, 'ran');
      return;
    case 'retry':
      return retry(world, command);
    case 'tamper':
      return tamper(world, command);
    case 'start':
      return start(world, command);
  }
}

async function retry(world: World, command: Extract<AdversaryCommand, { t: 'retry' }>): Promise<void> {
  const deps = world.core;
  const engagementId = world.engagementIds[command.e];
  if (command.op === 'operator') {
    // An operator's retry by outbox id (no person acting): it must never re-target a message either.
    const failed = (await deps.uow.read.outbox.listByEngagement(engagementId)).filter(
      (entry) => entry.status === 'failed',
    );
    const entry = failed[command.pick % Math.max(1, failed.length)];
    if (!entry) return;
    await attempt(
      world,
      'job',
      command.e,
      () => retryFailedDelivery({ outboxId: entry.id }, deps),
      'retry:operator',
    );
    world.milestones.add('retried');
    return;
  }
  const own = ownOf(command.e, command.other);
  const actor = actorFor(world, command.who, own);
  const retried = await attempt(
    world,
    command.who,
    own,
    () => retryDeliveries({ actor, engagement: { kind: 'id', id: engagementId } }, deps),
    'retry:hr',
  );
  if (retried && !hrOver(world, actor, command.e))
    throw new Leak(`the ${command.who} ${actor.platformUserId}, without HR rights, retried deliveries`);
  if (retried?.retried) world.milestones.add('retried');
}

/**
 * Copies one private entry's ciphertext over another row: a released snapshot (the sponsor must never be shown
 * the entry instead) or another engagement's entry of the same kind (its client must never be shown it). With ciphertexts bound
 * to their row, the copy no longer opens.
 */
async function tamper(world: World, command: Extract<AdversaryCommand, { t: 'tamper' }>): Promise<void> {
  const read = world.core.uow.read;
  const entries = (await Promise.all(world.engagementIds.map((id) => read.entries.listByEngagement(id))))
    .flat()
    .filter((entry) => entry.ciphertext.length > 0);
  const source = entries[command.pick % Math.max(1, entries.length)];
  if (!source) return;
  countCommand(world, `tamper:${command.op}`, 'ran');
  if (command.op === 'entryToRelease') {
    const releases = (await Promise.all(world.engagementIds.map((id) => read.releases.listByEngagement(id))))
      .flat()
      .filter((release) => release.status === 'released' && release.entryId !== source.id);
    const target = releases[command.pick2 % Math.max(1, releases.length)];
    if (!target) return;
    await world.uow.transaction((repos) =>
      repos.releases.update({ ...target, ciphertext: source.ciphertext, keyId: source.keyId }),
    );
  } else {
    const targets = entries.filter(
      (entry) => entry.engagementId !== source.engagementId && entry.kind === source.kind,
    );
    const target = targets[command.pick2 % Math.max(1, targets.length)];
    if (!target) return;
    await world.uow.transaction((repos) =>
      repos.entries.update({
        ...target,
        ciphertext: source.ciphertext,
        keyId: source.keyId,
        version: target.version + 1,
      }),
    );
  }
  world.tampered = true;
  world.milestones.add('tampered');
}

/**
 * HR (or someone trying) starts an engagement for a new client. The overlapping variants must be refused with
 * a readable answer (the role rules in the oracle catch one that is not); a valid one by someone without HR
 * rights is a defect.
 */
async function start(world: World, command: Extract<AdversaryCommand, { t: 'start' }>): Promise<void> {
  const actor = actorFor(world, command.who, command.e);
  const client = world.freshUser('UNEWCLIENT');
  const sponsor = world.freshUser('UNEWSPONSOR');
  const people: Record<StartVariant, [string, string, string[]]> = {
    hrCoach: [client, sponsor, [actor.platformUserId, world.people.coach[command.e]]],
    clientCoach: [client, sponsor, [client]],
    sponsorCoach: [client, sponsor, [world.people.coach2[command.e], sponsor]],
    clientSponsor: [client, client, [world.people.coach[command.e]]],
    // One person, two roles in two engagements: this engagement's sponsor coaches elsewhere.
    valid: [client, world.people.coach[command.e], [world.people.coach2[command.e]]],
  };
  const [clientUserId, sponsorUserId, coachUserIds] = people[command.variant];
  const started = await attempt(
    world,
    command.who,
    command.e,
    () =>
      startEngagement(
        { actor, clientUserId, sponsorUserId, coachUserIds, weeks: 8, cadence: 'weekly' },
        world.core,
      ),
    `start:${command.variant}`,
  );
  if (started && !hasHrRights(world, actor))
    throw new Leak(`the ${command.who} ${actor.platformUserId}, without HR rights, started an engagement`);
}
