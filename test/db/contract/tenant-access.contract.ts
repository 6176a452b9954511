import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TenantAccess } from '../../../src/ports/tenant-access.js';
import { at, type GetUow, inTx } from './fixtures.js';

const decision = (overrides: Partial<TenantAccess> = {}): TenantAccess => ({
  id: randomUUID(),
  platform: 'teams',
  tenantId: randomUUID(),
  allowed: true,
  decidedBy: 'ops@firm.example',
  decidedAt: at(1),
  ...overrides,
});

export function tenantAccessContract(uow: GetUow) {
  describe('tenant access', () => {
    it('round-trips a decision, finds it by platform and tenant, and replaces it keeping its id', async () => {
      const first = decision();
      await inTx(uow(), (r) => r.tenantAccess.save(first));
      expect(await uow().read.tenantAccess.find('teams', first.tenantId)).toEqual(first);
      expect(await uow().read.tenantAccess.find('slack', first.tenantId)).toBeUndefined();
      expect(await uow().read.tenantAccess.find('teams', randomUUID())).toBeUndefined();

      const refused = { ...first, id: randomUUID(), allowed: false, decidedBy: 'lead', decidedAt: at(2) };
      await inTx(uow(), (r) => r.tenantAccess.save(refused));
      expect(await uow().read.tenantAccess.find('teams', first.tenantId)).toEqual({
        ...refused,
        id: first.id,
      });
    });

    it('lists one platform’s decisions by tenant id', async () => {
      const [a, b] = [
        decision({ tenantId: `zz-${randomUUID()}` }),
        decision({ tenantId: `zy-${randomUUID()}` }),
      ];
      const slack = decision({ platform: 'slack', tenantId: `zz-${randomUUID()}` });
      for (const d of [a, b, slack]) await inTx(uow(), (r) => r.tenantAccess.save(d));
      const listed = (await uow().read.tenantAccess.list('teams')).filter((d) => d.tenantId.startsWith('z'));
      expect(listed).toEqual([b, a]);
    });
  });
}
