import { composeHome } from '../../../src/use-cases/home/compose-home.js';
import { retryDeliveries } from '../../../src/use-cases/hr/retry-deliveries.js';
import { attempt } from './attempt.js';
import type { Command } from './commands.js';
import { roles, type World } from './world.js';

/** HR retries both engagements' failed deliveries, as they may at any moment. */
export async function hrRetriesAll(world: World): Promise<void> {
  for (const e of [0, 1] as const) {
    const actor = { platform: 'slack' as const, tenantId: 'T1', platformUserId: world.people.hr[e] };
    const retried = await attempt(world, 'hr', e, () =>
      retryDeliveries({ actor, engagement: { kind: 'id', id: world.engagementIds[e] } }, world.core),
    );
    if (retried?.retried) world.milestones.add('retried');
  }
}

/**
 * After a step that changes who may read what (a coach change, a share, a release or its withdrawal), everyone
 * of both engagements looks at their App Home: a new coach, a former one, the sponsor, HR — so a view that
 * shows someone what was meant for someone else is seen at once, not only when a `home` command happens by.
 */
export async function homesAfterChange(world: World, command: Command): Promise<void> {
  const changing =
    (command.t === 'hr' && command.op === 'reassign') ||
    (command.t === 'promptAction' && command.op === 'share') ||
    command.t === 'release' ||
    command.t === 'preview' ||
    command.t === 'hrAdmins';
  if (!changing) return;
  for (const role of roles) {
    for (const e of [0, 1] as const) {
      const actor = {
        platform: 'slack' as const,
        tenantId: role === 'foreignHr' ? 'T2' : 'T1',
        platformUserId: world.people[role][e],
      };
      await attempt(world, role, e, () => composeHome({ actor }, world.core), `home:${role}`);
    }
  }
}
