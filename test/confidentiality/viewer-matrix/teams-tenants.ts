import { deliverOutboxEntry } from '../../../src/outbox/deliver-outbox-entry.js';
import type { Actor } from '../../../src/use-cases/actor.js';
import { decideTenant } from '../../../src/use-cases/tenants/tenant-access.js';
import {
  type MultiTenantHarness,
  startMultiTenantHarness,
  type Tenant,
} from '../../e2e/teams/multi-tenant-harness.js';
import type { Person } from '../../e2e/teams/teams-harness.js';
import { manualClock } from '../../support/core-deps.js';
import { organisationBViewers, type Viewer } from './matrix.js';

/**
 * The Teams matrix's tenants (issue 14): one MultiTenant Triad, tenant A (configured) and tenant B (allowed by the
 * operator), each behind its own Bot Connector; tenant C is refused, and HR of another organisation speaks from
 * there. Kim is A's current coach and, with external access, a member of B's chats: the same account (one id, A's
 * tenant as her home), B's client there.
 */
export interface Tenants {
  h: MultiTenantHarness;
  clock: ReturnType<typeof manualClock>;
  a: Tenant;
  b: Tenant;
  who: Record<Viewer, Person>;
}

const inB = (viewer: Viewer) => (organisationBViewers as readonly Viewer[]).includes(viewer);
export const tenantOf = (t: Tenants, viewer: Viewer): Tenant =>
  inB(viewer) ? t.b : viewer === 'otherOrganisationHr' ? t.h.tenants.c : t.a;

export const actorOf = (t: Tenants, viewer: Viewer): Actor => ({
  platform: 'teams',
  tenantId: tenantOf(t, viewer).tenantId,
  platformUserId: t.who[viewer].user.id,
});

export async function startTenants(): Promise<Tenants> {
  const clock = manualClock(new Date());
  const h = await startMultiTenantHarness(clock);
  const { a, b, c } = h.tenants;
  await decideTenant({ tenantId: b.tenantId, allowed: true, decidedBy: 'ops@firm.example' }, h.core);
  // People make the group chats by hand in both tenants (no Graph permissions granted).
  h.graph.revoke(a.tenantId);
  const remy = {
    key: 'remy',
    timezone: 'Europe/London',
    user: a.fake.addUser({ name: 'A Removed HR' } as never),
  };
  (a.people as Record<string, Person>).remy = remy;
  // Kim through external access: A's account, in B's roster with her home tenant.
  const kim = a.people.kim;
  const kimInB = { ...kim, user: b.fake.addUser({ ...kim.user, tenantId: a.tenantId }) };
  b.people.kim = kimInB;
  const who: Record<Viewer, Person> = {
    client: a.people.jane,
    currentCoach: kim,
    formerCoach: a.people.lee,
    sponsor: a.people.sam,
    hrAdmin: a.people.hr,
    removedHrAdmin: remy,
    otherOrganisationHr: c.people.hr,
    stranger: a.people.stan,
    kimInB,
    bHrAdmin: b.people.hr,
    bAdmin: b.people.jane,
    bSponsor: b.people.sam,
    bCoach: b.people.lee,
  };
  h.core.settings = {
    ...h.core.settings,
    hrAdmins: [...h.core.settings.hrAdmins, remy.user.id, c.people.hr.user.id],
  };
  return { h, clock, a, b, who };
}

/** Delivers what is due, as the worker would; a failure is recorded on the row (Teams said no). */
export async function deliver(t: Tenants): Promise<void> {
  const { h } = t;
  await h.graph.settled();
  for (let round = 0; round < 10; round += 1) {
    const pending = await h.database.sql<{ id: string }[]>`
      select id from outbox where status = 'pending' and available_at <= ${h.core.clock.now()} order by seq`;
    if (pending.length === 0) return;
    for (const { id } of pending)
      await deliverOutboxEntry({ outboxId: id }, { ...h.core, messengers: { teams: h.messenger } });
    await h.graph.settled();
  }
}
