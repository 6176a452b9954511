import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { OrganisationAdmin } from '../../../src/ports/organisation-admins.js';
import { at, type GetUow, inTx, organisation, seedTriad } from './fixtures.js';

const admin = (organisationId: string, platformUserId: string, minute: number): OrganisationAdmin => ({
  id: randomUUID(),
  organisationId,
  platformUserId,
  addedByUserId: minute === 0 ? null : 'UADDER',
  addedAt: at(minute),
});

export function organisationAdminContract(uow: GetUow) {
  describe('organisation admins and settings', () => {
    it('adds each user once per organisation, lists oldest first, answers who is an admin', async () => {
      const org = organisation();
      const other = organisation();
      await inTx(uow(), async (r) => {
        await r.organisations.insert(org);
        await r.organisations.insert(other);
      });
      const first = admin(org.id, 'UFIRST', 0);
      const second = admin(org.id, 'USECOND', 5);
      expect(await inTx(uow(), (r) => r.organisationAdmins.insert(second))).toBe(true);
      expect(await inTx(uow(), (r) => r.organisationAdmins.insert(first))).toBe(true);
      expect(await inTx(uow(), (r) => r.organisationAdmins.insert({ ...first, id: randomUUID() }))).toBe(
        false,
      );
      expect(await uow().read.organisationAdmins.list(org.id)).toEqual([first, second]);
      expect(await inTx(uow(), (r) => r.organisationAdmins.listForUpdate(org.id))).toEqual([first, second]);
      expect(await uow().read.organisationAdmins.isAdmin(org.id, 'USECOND')).toBe(true);
      // Another organisation's admin list is its own, even for the same platform user id.
      expect(await uow().read.organisationAdmins.isAdmin(other.id, 'USECOND')).toBe(false);
      expect(await uow().read.organisationAdmins.list(other.id)).toEqual([]);
      expect(await uow().read.organisationAdmins.list('not-a-uuid')).toEqual([]);
      expect(await uow().read.organisationAdmins.isAdmin('not-a-uuid', 'UFIRST')).toBe(false);
    });

    it('removes one admin and gives back the removed row', async () => {
      const org = organisation();
      await inTx(uow(), (r) => r.organisations.insert(org));
      const first = admin(org.id, 'UFIRST', 0);
      await inTx(uow(), (r) => r.organisationAdmins.insert(first));
      expect(await inTx(uow(), (r) => r.organisationAdmins.remove(org.id, 'UNOBODY'))).toBeUndefined();
      expect(await inTx(uow(), (r) => r.organisationAdmins.remove(org.id, 'UFIRST'))).toEqual(first);
      expect(await uow().read.organisationAdmins.list(org.id)).toEqual([]);
      expect(await uow().read.organisationAdmins.isAdmin(org.id, 'UFIRST')).toBe(false);
    });

    it("round-trips an organisation's defaults and an engagement's working hours", async () => {
      const { organisation: org, engagement } = await seedTriad(uow(), { workingHours: '08:00-16:30' });
      expect((await uow().read.engagements.get(engagement.id))?.workingHours).toBe('08:00-16:30');
      const defaults = { cadence: 'fortnightly', timeZone: 'Asia/Kolkata', workingHours: 'always' };
      await inTx(uow(), (r) => r.organisations.update({ ...org, defaults }));
      expect((await uow().read.organisations.get(org.id))?.defaults).toEqual(defaults);
    });
  });
}
