import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  at,
  expectDatabaseError,
  expectTriadError,
  type GetUow,
  inTx,
  jsonValue,
  organisation,
  person,
  seedTriad,
} from './fixtures.js';

export function organisationAndPeopleContract(uow: GetUow) {
  describe('organisations', () => {
    it('round-trips every column and finds an organisation by its tenant', async () => {
      const org = organisation({ platform: 'teams' });
      await inTx(uow(), (r) => r.organisations.insert(org));
      expect(await uow().read.organisations.get(org.id)).toEqual(org);
      expect(await uow().read.organisations.findByTenant('teams', org.platformTenantId)).toEqual(org);
      expect(await uow().read.organisations.findByTenant('slack', org.platformTenantId)).toBeUndefined();
    });

    it('updates an organisation, and refuses to update one that does not exist', async () => {
      const org = organisation();
      await inTx(uow(), (r) => r.organisations.insert(org));
      const changed = {
        ...org,
        name: 'Acme Group',
        sessionVisibility: 'none' as const,
        retentionDays: 7,
        hrDigestWeekday: 3,
      };
      await inTx(uow(), (r) => r.organisations.update(changed));
      expect(await uow().read.organisations.get(org.id)).toEqual(changed);
      await expectTriadError(
        inTx(uow(), (r) => r.organisations.update(organisation())),
        'not_found',
      );
    });

    it('keeps one organisation per platform tenant', async () => {
      const org = organisation();
      await inTx(uow(), (r) => r.organisations.insert(org));
      await expectDatabaseError(
        inTx(uow(), (r) => r.organisations.insert(organisation({ platformTenantId: org.platformTenantId }))),
        '23505',
        'organisations_platform_tenant',
      );
    });

    it('inserts an organisation once per tenant and returns the stored one to a second insert', async () => {
      const org = organisation();
      expect(await inTx(uow(), (r) => r.organisations.insertOrGet(org))).toEqual(org);
      const again = organisation({ platformTenantId: org.platformTenantId, name: 'Another name' });
      expect(await inTx(uow(), (r) => r.organisations.insertOrGet(again))).toEqual(org);
      expect(await uow().read.organisations.get(again.id)).toBeUndefined();
      const otherPlatform = organisation({ platform: 'teams', platformTenantId: org.platformTenantId });
      expect(await inTx(uow(), (r) => r.organisations.insertOrGet(otherPlatform))).toEqual(otherPlatform);
    });

    it('answers "not there" for an id that is not a uuid, as for an unknown one', async () => {
      expect(await uow().read.organisations.get('not-a-uuid')).toBeUndefined();
      expect(await uow().read.organisations.get(randomUUID())).toBeUndefined();
    });
  });

  describe('people', () => {
    it('round-trips a person, jsonb address included, and finds them by platform id', async () => {
      const org = organisation();
      const jane = person(org.id);
      const stored = await inTx(uow(), async (r) => {
        await r.organisations.insert(org);
        return r.people.upsert(jane);
      });
      expect(stored).toEqual(jane);
      expect(await uow().read.people.get(jane.id)).toEqual(jane);
      expect(await uow().read.people.findByPlatformUser(org.id, jane.platformUserId)).toEqual(jane);
      expect(await uow().read.people.findByPlatformUser(org.id, 'U-nobody')).toBeUndefined();
    });

    it('upserts by organisation and platform user: refreshes name and zone; keeps id and address', async () => {
      const org = organisation();
      const first = person(org.id);
      await inTx(uow(), async (r) => {
        await r.organisations.insert(org);
        await r.people.upsert(first);
      });
      const again = person(org.id, {
        platformUserId: first.platformUserId,
        displayName: 'Jane Smith',
        timeZone: 'Asia/Tokyo',
        directAddress: { other: true },
        createdAt: at(40),
        updatedAt: at(41),
      });
      const stored = await inTx(uow(), (r) => r.people.upsert(again));
      const expected = {
        ...first,
        displayName: 'Jane Smith',
        timeZone: 'Asia/Tokyo',
        updatedAt: at(41),
      };
      expect(stored).toEqual(expected);
      expect(await uow().read.people.get(first.id)).toEqual(expected);
      expect(await uow().read.people.get(again.id)).toBeUndefined();
    });

    it('keeps the same platform user apart in two organisations', async () => {
      const [a, b] = [organisation(), organisation()];
      const inA = person(a.id, { platformUserId: 'U-same' });
      const inB = person(b.id, { platformUserId: 'U-same' });
      await inTx(uow(), async (r) => {
        await r.organisations.insert(a);
        await r.organisations.insert(b);
        await r.people.upsert(inA);
        await r.people.upsert(inB);
      });
      expect((await uow().read.people.findByPlatformUser(b.id, 'U-same'))?.id).toBe(inB.id);
    });

    it("keeps a Slack Connect person's home team, refreshed on upsert, apart from the organisation they work in", async () => {
      const [home, client] = [organisation(), organisation()];
      const inHome = person(home.id, { platformUserId: 'U-kim', homeTeamId: home.platformTenantId });
      const inClient = person(client.id, { platformUserId: 'U-kim', homeTeamId: null });
      await inTx(uow(), async (r) => {
        await r.organisations.insert(home);
        await r.organisations.insert(client);
        await r.people.upsert(inHome);
        await r.people.upsert(inClient);
      });
      const refreshed = { ...inClient, homeTeamId: home.platformTenantId, updatedAt: at(50) };
      expect(await inTx(uow(), (r) => r.people.upsert({ ...refreshed, id: randomUUID() }))).toEqual(
        refreshed,
      );
      expect(await uow().read.people.findByPlatformUser(client.id, 'U-kim')).toEqual(refreshed);
      expect(await uow().read.people.findByPlatformUser(home.id, 'U-kim')).toEqual(inHome);
    });

    it('gets many people in the order asked, once each, skipping unknown ids', async () => {
      const { client, sponsor, coach } = await seedTriad(uow());
      const found = await uow().read.people.getMany([coach.id, 'junk', randomUUID(), client.id, coach.id]);
      expect(found.map((p) => p.id)).toEqual([coach.id, client.id]);
      expect(found[1]).toEqual(client);
      expect(await uow().read.people.getMany([])).toEqual([]);
      expect(await uow().read.people.getMany([sponsor.id])).toEqual([sponsor]);
    });

    it('stores the address of the DM with the bot, and refuses an unknown person', async () => {
      const { client } = await seedTriad(uow());
      const address = jsonValue();
      await inTx(uow(), (r) => r.people.setDirectAddress(client.id, address));
      expect((await uow().read.people.get(client.id))?.directAddress).toEqual(address);
      await expectTriadError(
        inTx(uow(), (r) => r.people.setDirectAddress(randomUUID(), address)),
        'not_found',
      );
    });

    it('gives a person the platform id they are now known by, once per organisation', async () => {
      const { client, sponsor } = await seedTriad(uow());
      await inTx(uow(), (r) => r.people.setPlatformUserId(client.id, '29:now-known'));
      const stored = await uow().read.people.get(client.id);
      expect(stored?.platformUserId).toBe('29:now-known');
      expect(await uow().read.people.findByPlatformUser(client.organisationId, '29:now-known')).toEqual(
        stored,
      );
      expect(
        await uow().read.people.findByPlatformUser(client.organisationId, client.platformUserId),
      ).toBeUndefined();
      await expectDatabaseError(
        inTx(uow(), (r) => r.people.setPlatformUserId(sponsor.id, '29:now-known')),
        '23505',
        'people_platform_user',
      );
      await expectTriadError(
        inTx(uow(), (r) => r.people.setPlatformUserId(randomUUID(), '29:x')),
        'not_found',
      );
    });

    it('refuses a person of an organisation that does not exist', async () => {
      await expectDatabaseError(
        inTx(uow(), (r) => r.people.upsert(person(randomUUID()))),
        '23503',
        'people_organisation_id_organisations_id_fk',
      );
    });
  });
}
