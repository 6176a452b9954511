import { composeHome } from '../../../src/use-cases/home/compose-home.js';
import { retryDeliveries } from '../../../src/use-cases/hr/retry-deliveries.js';
import { attempt } from './attempt.js';
import type { Command } from './commands.js';
import { actorFor, engagements, kim, roles, tenantA, tenantOf, type World } from './world.js';

/** HR retries both engagements' failed deliveries, as they may at any moment. */
export async function hrRetriesAll(world: World): Promise<void> {
  for (const e of engagements) {
    const actor = actorFor(world, 'hr', e);
    const retried = await attempt(world, 'hr', e, () =>
      retryDeliveries({ actor, engagement: { kind: 'id', id: world.engagementIds[e] } }, world.core),
    );
    if (retried?.retried) world.milestones.add('retried');
  }
}

/**
 * After a step that changes who may read what (a coach change, a share, a release or its withdrawal, an admin
 * added or removed, a coach joining), everyone of the organisation it happened in looks at their App Home — a
 * new coach, a former one, the sponsor, HR — and so do the other organisation's HR admin and Kim in both
 * workspaces (the people a crossing would reach first), so a view that shows someone what was meant for someone
 * else is seen at once, not only when a `home` command happens by.
 */
export async function homesAfterChange(world: World, command: Command): Promise<void> {
  const changing =
    (command.t === 'hr' && command.op === 'reassign') ||
    (command.t === 'promptAction' && command.op === 'share') ||
    command.t === 'release' ||
    command.t === 'preview' ||
    command.t === 'admins' ||
    command.t === 'join';
  if (!changing) return;
  const where = 'e' in command ? tenantOf(command.e) : tenantA;
  // One look per person and workspace (roles of different engagements often name the same person).
  const looked = new Set<string>();
  for (const role of roles) {
    for (const e of engagements) {
      const actor = actorFor(world, role, e);
      const key = `${actor.tenantId}/${actor.platformUserId}`;
      const concerned = tenantOf(e) === where || role === 'hr' || actor.platformUserId === kim;
      if (!concerned || looked.has(key)) continue;
      looked.add(key);
      await attempt(world, role, e, () => composeHome({ actor }, world.core), `home:${role}`);
    }
  }
}
