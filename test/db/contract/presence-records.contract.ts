import { describe, expect, it } from 'vitest';
import { at, type GetUow, inTx, organisation, seedTriad } from './fixtures.js';

export function presenceRecordContract(uow: GetUow) {
  describe('presence records', () => {
    it('stores each part on its own, keeps the later-seen part, and lists only the named people', async () => {
      const org = organisation();
      const other = organisation();
      await inTx(uow(), async (r) => {
        await r.organisations.insert(org);
        await r.organisations.insert(other);
      });
      const jane = { organisationId: org.id, platformUserId: 'UJANE' };
      const dnd = { enabled: true, startAt: at(10), endAt: at(40) };
      await inTx(uow(), (r) =>
        r.presenceRecords.save([
          { ...jane, seenAt: at(5), status: { away: true, expiresAt: at(50) } },
          // Two updates of one person in one call are merged.
          { ...jane, seenAt: at(6), dnd },
          {
            organisationId: other.id,
            platformUserId: 'UJANE',
            seenAt: at(5),
            status: { away: false, expiresAt: null },
          },
        ]),
      );
      const [row] = await uow().read.presenceRecords.listFor([
        jane,
        { organisationId: org.id, platformUserId: 'UNONE' },
      ]);
      expect(row).toMatchObject({
        ...jane,
        statusAway: true,
        statusExpiresAt: at(50),
        statusSeenAt: at(5),
        dndEnabled: true,
        dndStartAt: at(10),
        dndEndAt: at(40),
        dndSeenAt: at(6),
      });
      // An older status (a late event) changes nothing; a newer DND replaces only the DND part.
      await uow().read.presenceRecords.save([
        { ...jane, seenAt: at(1), status: { away: false, expiresAt: null } },
        { ...jane, seenAt: at(9), dnd: { enabled: false, startAt: null, endAt: null } },
      ]);
      const rows = await uow().read.presenceRecords.listFor([jane]);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        statusAway: true,
        statusSeenAt: at(5),
        dndEnabled: false,
        dndStartAt: null,
        dndEndAt: null,
        dndSeenAt: at(9),
      });
      // Another organisation's row of the same platform user is its own.
      const theirs = await uow().read.presenceRecords.listFor([
        { organisationId: other.id, platformUserId: 'UJANE' },
      ]);
      expect(theirs.map((r) => [r.organisationId, r.statusAway, r.dndSeenAt])).toEqual([
        [other.id, false, null],
      ]);
      // Each person is looked up in their own organisation: asking for org's UJANE and other's UOMAR does not
      // bring org's own UOMAR.
      const status = { away: false, expiresAt: null };
      await uow().read.presenceRecords.save([
        { organisationId: org.id, platformUserId: 'UOMAR', seenAt: at(2), status },
        { organisationId: other.id, platformUserId: 'UOMAR', seenAt: at(2), status },
      ]);
      const crossed = await uow().read.presenceRecords.listFor([
        jane,
        { organisationId: other.id, platformUserId: 'UOMAR' },
      ]);
      expect(
        crossed.map((r) => `${r.organisationId === org.id ? 'org' : 'other'}:${r.platformUserId}`).sort(),
      ).toEqual(['org:UJANE', 'other:UOMAR']);
      expect(
        await uow().read.presenceRecords.listFor([{ organisationId: 'not-a-uuid', platformUserId: 'UJANE' }]),
      ).toEqual([]);
      expect(await uow().read.presenceRecords.listFor([])).toEqual([]);
    });

    it('deletes the organisation’s rows of the named people only', async () => {
      const org = organisation();
      const other = organisation();
      await inTx(uow(), async (r) => {
        await r.organisations.insert(org);
        await r.organisations.insert(other);
      });
      const status = { away: false, expiresAt: null };
      await uow().read.presenceRecords.save([
        { organisationId: org.id, platformUserId: 'UA', seenAt: at(1), status },
        { organisationId: org.id, platformUserId: 'UB', seenAt: at(1), status },
        { organisationId: other.id, platformUserId: 'UA', seenAt: at(1), status },
      ]);
      expect(await inTx(uow(), (r) => r.presenceRecords.deleteFor(org.id, ['UA']))).toBe(1);
      expect(await uow().read.presenceRecords.deleteFor('not-a-uuid', ['UA'])).toBe(0);
      const left = await uow().read.presenceRecords.listFor([
        { organisationId: org.id, platformUserId: 'UA' },
        { organisationId: org.id, platformUserId: 'UB' },
        { organisationId: other.id, platformUserId: 'UA' },
      ]);
      expect(
        left.map((r) => `${r.organisationId === org.id ? 'org' : 'other'}:${r.platformUserId}`).sort(),
      ).toEqual(['org:UB', 'other:UA']);
    });

    it('lists the clients of live engagements whose presence is not fully stored, in id order', async () => {
      const unknown = await seedTriad(uow(), { stage: 'coaching' });
      const complete = await seedTriad(uow(), { stage: 'kickoff' });
      const half = await seedTriad(uow(), { stage: 'paused' });
      const closed = await seedTriad(uow(), { stage: 'closed' });
      const purged = await seedTriad(uow(), { stage: 'coaching', purgedAt: at(9) });
      const dnd = { enabled: false, startAt: null, endAt: null };
      const status = { away: false, expiresAt: null };
      const keyOf = (triad: typeof unknown) => ({
        organisationId: triad.organisation.id,
        platformUserId: triad.client.platformUserId,
      });
      await uow().read.presenceRecords.save([
        { ...keyOf(complete), seenAt: at(1), status, dnd },
        { ...keyOf(half), seenAt: at(1), status },
      ]);
      const mine = new Set([unknown, complete, half, closed, purged].map((t) => t.engagement.id));
      const listed = async (afterId?: string, limit = 10_000) =>
        (await uow().read.presenceRecords.listClientsUnknown(['slack'], afterId, limit)).filter((row) =>
          mine.has(row.engagementId),
        );
      const expected = [unknown, half]
        .map((t) => ({
          engagementId: t.engagement.id,
          platform: 'slack',
          organisationId: t.organisation.id,
          tenantId: t.organisation.platformTenantId,
          clientPlatformUserId: t.client.platformUserId,
        }))
        .sort((a, b) => (a.engagementId < b.engagementId ? -1 : 1));
      expect(await listed()).toEqual(expected);
      // Keyset pages: after the first, only the second.
      expect(await listed(expected[0]?.engagementId)).toEqual(expected.slice(1));
      const all = await uow().read.presenceRecords.listClientsUnknown(['slack'], undefined, 1);
      expect(all).toHaveLength(1);
      // Another platform's organisations only when asked for; bad input finds nothing.
      expect(
        (await uow().read.presenceRecords.listClientsUnknown(['teams'], undefined, 10_000)).filter((row) =>
          mine.has(row.engagementId),
        ),
      ).toEqual([]);
      expect(await uow().read.presenceRecords.listClientsUnknown([], undefined, 10)).toEqual([]);
      expect(await uow().read.presenceRecords.listClientsUnknown(['slack'], 'not-a-uuid', 10)).toEqual([]);
      // Once stored in full, a client is no longer listed.
      await uow().read.presenceRecords.save([{ ...keyOf(half), seenAt: at(2), dnd }]);
      expect((await listed()).map((row) => row.engagementId)).toEqual([unknown.engagement.id]);
    });
  });
}
