import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  at,
  engagement,
  expectDatabaseError,
  expectTriadError,
  type GetUow,
  inTx,
  jsonValue,
  meeting,
  person,
  prompt,
  seedTriad,
  space,
} from './fixtures.js';

export function engagementContract(uow: GetUow) {
  describe('engagements', () => {
    it('round-trips every column, the uuid array included, also when locked for update', async () => {
      const triad = await seedTriad(uow());
      const closed = engagement(triad, { stage: 'closed', pausedStage: 'alignment' });
      await inTx(uow(), (r) => r.engagements.insert(closed));
      expect(await uow().read.engagements.get(closed.id)).toEqual(closed);
      expect(await inTx(uow(), (r) => r.engagements.getForUpdate(closed.id))).toEqual(closed);
      expect(await inTx(uow(), (r) => r.engagements.getForUpdate('nope'))).toBeUndefined();
    });

    it('allows one open engagement per client, and a new one once the last is closed or cancelled', async () => {
      const triad = await seedTriad(uow());
      expect(await uow().read.engagements.findActiveByClient(triad.client.id)).toEqual(triad.engagement);
      await expectDatabaseError(
        inTx(uow(), (r) => r.engagements.insert(engagement(triad, { stage: 'paused' }))),
        '23505',
        'engagements_one_active_per_client',
      );
      await inTx(uow(), (r) => r.engagements.insert(engagement(triad, { stage: 'cancelled' })));
      const closedFirst = { ...triad.engagement, stage: 'closed' as const, version: 2 };
      const next = engagement(triad, { stage: 'kickoff' });
      await inTx(uow(), async (r) => {
        await r.engagements.update(closedFirst);
        await r.engagements.insert(next);
      });
      expect(await uow().read.engagements.findActiveByClient(triad.client.id)).toEqual(next);
    });

    it('lists by organisation and by participant, oldest first', async () => {
      const triad = await seedTriad(uow(), { startedAt: at(50) });
      const other = person(triad.organisation.id);
      await inTx(uow(), (r) => r.people.upsert(other));
      const earlier = engagement({ ...triad, client: other }, { stage: 'closed', startedAt: at(20) });
      await inTx(uow(), (r) => r.engagements.insert(earlier));
      const ids = (list: { id: string }[]) => list.map((e) => e.id);
      const both = [earlier.id, triad.engagement.id];
      expect(ids(await uow().read.engagements.listByOrganisation(triad.organisation.id))).toEqual(both);
      expect(ids(await uow().read.engagements.listForPerson(triad.sponsor.id))).toEqual(both);
      expect(ids(await uow().read.engagements.listForPerson(triad.coach.id))).toEqual(both);
      expect(ids(await uow().read.engagements.listForPerson(triad.client.id))).toEqual([triad.engagement.id]);
      expect(ids(await uow().read.engagements.listForPerson(other.id))).toEqual([earlier.id]);
      expect(await uow().read.engagements.listForPerson(triad.hr.id)).toEqual([]);
      expect(await uow().read.engagements.listByOrganisation('junk')).toEqual([]);
    });

    it('lists engagements still running (paused included) and those due for purge', async () => {
      const paused = await seedTriad(uow(), { stage: 'paused', pausedStage: 'coaching' });
      const closed = await seedTriad(uow(), { stage: 'closed', purgeAfter: at(10) });
      const purged = await seedTriad(uow(), { stage: 'closed', purgeAfter: at(10), purgedAt: at(11) });
      const later = await seedTriad(uow(), { stage: 'cancelled', purgeAfter: at(40) });
      const active = (await uow().read.engagements.listActive()).map((e) => e.id);
      expect(active).toContain(paused.engagement.id);
      expect(active).not.toContain(closed.engagement.id);
      expect(active).not.toContain(later.engagement.id);
      const mine = [paused, closed, purged, later].map((t) => t.engagement.id);
      const due = (now: Date) =>
        uow()
          .read.engagements.listPurgeDue(now)
          .then((list) => list.map((e) => e.id).filter((id) => mine.includes(id)));
      expect(await due(at(10))).toEqual([closed.engagement.id]);
      expect(await due(at(50))).toEqual([closed.engagement.id, later.engagement.id]);
    });

    it('pages the ids of running engagements in id order, each page after the last id of the one before', async () => {
      const running = [
        await seedTriad(uow()),
        await seedTriad(uow(), { stage: 'paused', pausedStage: 'coaching' }),
        await seedTriad(uow(), { stage: 'kickoff' }),
      ].map((t) => t.engagement.id);
      const ended = [
        await seedTriad(uow(), { stage: 'closed' }),
        await seedTriad(uow(), { stage: 'cancelled' }),
      ].map((t) => t.engagement.id);
      const pages: string[][] = [];
      for (let after: string | undefined; ; ) {
        const page = await uow().read.engagements.listActiveIds(after, 2);
        if (page.length === 0) break;
        expect(page.length).toBeLessThanOrEqual(2);
        pages.push(page);
        after = page.at(-1)?.toUpperCase();
      }
      const all = pages.flat();
      expect(all).toEqual([...all].sort());
      expect(new Set(all).size).toBe(all.length);
      expect(all.filter((id) => running.includes(id))).toEqual([...running].sort());
      expect(all.filter((id) => ended.includes(id))).toEqual([]);
      expect(await uow().read.engagements.listActiveIds('junk', 10)).toEqual([]);
    });

    it('loads engagements with their meetings and prompts for planning, as reading each one by itself would', async () => {
      const withAll = await seedTriad(uow());
      const bare = await seedTriad(uow(), { stage: 'kickoff' });
      const e = withAll.engagement.id;
      await inTx(uow(), async (r) => {
        // Created together: listed in lifecycle order, whatever order they were inserted in.
        await r.meetings.insert(meeting(e, { kind: 'closing', createdAt: at(5) }));
        await r.meetings.insert(meeting(e, { kind: 'kickoff', createdAt: at(5) }));
        await r.meetings.insert(meeting(e, { kind: 'session', createdAt: at(2) }));
        await r.prompts.insert(prompt(e, { cycle: 'c2', sentAt: at(9) }));
        await r.prompts.insert(prompt(e, { cycle: 'c1', sentAt: at(3) }));
        await r.meetings.insert(meeting(bare.engagement.id, { kind: 'alignment' }));
      });
      const one = async (id: string) => ({
        engagement: await uow().read.engagements.get(id),
        meetings: await uow().read.meetings.listByEngagement(id),
        prompts: await uow().read.prompts.listByEngagement(id),
      });
      const ids = [e, bare.engagement.id].sort();
      const loaded = await uow().read.engagements.loadForPlanning([
        ...ids.map((id) => id.toUpperCase()),
        randomUUID(),
        'junk',
      ]);
      expect(loaded).toEqual(await Promise.all(ids.map(one)));
      expect(loaded.find((s) => s.engagement.id === e)?.meetings.map((m) => m.kind)).toEqual([
        'session',
        'kickoff',
        'closing',
      ]);
      expect(await uow().read.engagements.loadForPlanning([])).toEqual([]);
      const withoutMeetings = await uow().read.engagements.loadForPlanning(ids, { meetings: false });
      expect(withoutMeetings).toEqual(loaded.map((snapshot) => ({ ...snapshot, meetings: [] })));
      // For issuing prompts: each meeting as its mark, in the same order.
      const marked = await uow().read.engagements.loadForPrompting(ids, { forUpdate: false });
      expect(marked).toEqual(
        loaded.map((snapshot) => ({
          ...snapshot,
          meetings: snapshot.meetings.map(({ kind, status, startsAt }) => ({ kind, status, startsAt })),
        })),
      );
      expect(marked[0]?.meetings.map((m) => m.kind)).toEqual(loaded[0]?.meetings.map((m) => m.kind));
      expect(await uow().read.engagements.loadForPrompting(['junk'])).toEqual([]);
    });

    it('writes a new version only over the one it was read at', async () => {
      const { engagement: first } = await seedTriad(uow());
      const next = { ...first, stage: 'closing' as const, version: 2, updatedAt: at(55) };
      await inTx(uow(), (r) => r.engagements.update(next));
      expect(await uow().read.engagements.get(first.id)).toEqual(next);
      const stale = { ...first, stage: 'cancelled' as const, version: 2 };
      await expect(inTx(uow(), (r) => r.engagements.update(stale))).rejects.toMatchObject({
        code: 'conflict',
        message: 'Someone changed this at the same time. Please try again.',
      });
      expect(await uow().read.engagements.get(first.id)).toEqual(next);
      await expectTriadError(
        inTx(uow(), (r) => r.engagements.update({ ...next, id: randomUUID(), version: 3 })),
        'conflict',
      );
    });
  });

  describe('spaces', () => {
    it('round-trips a space, finds it by kind and keeps one of each kind', async () => {
      const { engagement: e } = await seedTriad(uow());
      const sponsor = space(e.id, { kind: 'sponsor', createdAt: at(2) });
      const dm = space(e.id, { kind: 'client_dm', address: null, createdAt: at(1) });
      await inTx(uow(), async (r) => {
        await r.spaces.insert(sponsor);
        await r.spaces.insert(dm);
      });
      expect(await uow().read.spaces.find(e.id, 'sponsor')).toEqual(sponsor);
      expect(await uow().read.spaces.find(e.id, 'coaching')).toBeUndefined();
      expect(await uow().read.spaces.listByEngagement(e.id)).toEqual([dm, sponsor]);
      await expectDatabaseError(
        inTx(uow(), (r) => r.spaces.insert(space(e.id, { kind: 'sponsor' }))),
        '23505',
        'spaces_engagement_kind_live',
      );
    });

    it('finds the newest space at a platform address, whatever the key order; none for another platform', async () => {
      const { engagement: e } = await seedTriad(uow());
      const sponsor = space(e.id, {
        kind: 'sponsor',
        platform: 'slack',
        address: { channel: 'C0SHARED', ts: '1' },
      });
      const coaching = space(e.id, { kind: 'coaching', platform: 'slack', address: { channel: 'C0OTHER' } });
      await inTx(uow(), async (r) => {
        await r.spaces.insert(sponsor);
        await r.spaces.insert(coaching);
      });
      expect(await uow().read.spaces.findByAddress('slack', { ts: '1', channel: 'C0SHARED' })).toEqual(
        sponsor,
      );
      expect(await uow().read.spaces.findByAddress('slack', { channel: 'C0OTHER' })).toEqual(coaching);
      expect(await uow().read.spaces.findByAddress('teams', { channel: 'C0OTHER' })).toBeUndefined();
      expect(await uow().read.spaces.findByAddress('slack', { channel: 'C0NOBODY' })).toBeUndefined();
    });

    it('finds the newest space whose address holds some fields (a Teams chat by its id), retired or not', async () => {
      const { engagement: e, coach } = await seedTriad(uow());
      const conversationId = `19:${randomUUID()}@thread.v2`;
      const teams = (tenantId: string) => ({
        conversationId,
        serviceUrl: 'https://smba.example/teams/',
        tenantId,
        conversationType: 'groupChat',
        engagementId: e.id,
      });
      const old = space(e.id, {
        kind: 'coaching',
        platform: 'teams',
        coachId: coach.id,
        address: teams('tenant-a'),
        createdAt: at(1),
      });
      const sponsor = space(e.id, {
        kind: 'sponsor',
        platform: 'teams',
        address: teams('tenant-b'),
        createdAt: at(2),
      });
      await inTx(uow(), (r) => r.spaces.insert(old));
      await inTx(uow(), (r) => r.spaces.retire(old.id, at(2)));
      expect(await uow().read.spaces.findByAddressFields('teams', { conversationId })).toEqual({
        ...old,
        retiredAt: at(2),
      });
      await inTx(uow(), (r) => r.spaces.insert(sponsor));
      expect(await uow().read.spaces.findByAddressFields('teams', { conversationId })).toEqual(sponsor);
      expect(
        await uow().read.spaces.findByAddressFields('teams', { conversationId, tenantId: 'tenant-a' }),
      ).toEqual({ ...old, retiredAt: at(2) });
      expect(await uow().read.spaces.findByAddressFields('slack', { conversationId })).toBeUndefined();
      expect(await uow().read.spaces.findByAddressFields('teams', { conversationId: 'x' })).toBeUndefined();
      expect(await uow().read.spaces.findByAddressFields('teams', {})).toBeUndefined();
    });

    it('retires a coaching space for its coach and keeps it, with its address, beside the new one', async () => {
      const { engagement: e, coach, hr } = await seedTriad(uow());
      const first = space(e.id, { kind: 'coaching', coachId: coach.id, createdAt: at(1) });
      await inTx(uow(), (r) => r.spaces.insert(first));
      await inTx(uow(), (r) => r.spaces.retire(first.id, at(5)));
      const second = space(e.id, { kind: 'coaching', coachId: hr.id, address: null, createdAt: at(6) });
      await inTx(uow(), (r) => r.spaces.insert(second));
      expect(await uow().read.spaces.find(e.id, 'coaching')).toEqual(second);
      expect(await uow().read.spaces.get(first.id)).toEqual({ ...first, retiredAt: at(5) });
      expect(await uow().read.spaces.listByEngagement(e.id)).toEqual([
        { ...first, retiredAt: at(5) },
        second,
      ]);
      await expectTriadError(
        inTx(uow(), (r) => r.spaces.retire(first.id, at(7))),
        'not_found',
      );
      expect(await uow().read.spaces.get(randomUUID())).toBeUndefined();
    });

    it('gives a coaching space opened before its coach was known its coach, once', async () => {
      const { engagement: e, coach, hr } = await seedTriad(uow());
      const waiting = space(e.id, { kind: 'coaching', coachId: null });
      await inTx(uow(), (r) => r.spaces.insert(waiting));
      await inTx(uow(), (r) => r.spaces.assignCoach(waiting.id, coach.id));
      expect(await uow().read.spaces.get(waiting.id)).toEqual({ ...waiting, coachId: coach.id });
      await expectTriadError(
        inTx(uow(), (r) => r.spaces.assignCoach(waiting.id, hr.id)),
        'not_found',
      );
      const sponsor = space(e.id, { kind: 'sponsor' });
      await inTx(uow(), (r) => r.spaces.insert(sponsor));
      await expectTriadError(
        inTx(uow(), (r) => r.spaces.assignCoach(sponsor.id, coach.id)),
        'not_found',
      );
      expect(await uow().read.spaces.get(waiting.id)).toEqual({ ...waiting, coachId: coach.id });
    });

    it('records where a space lives once it is opened', async () => {
      const { engagement: e } = await seedTriad(uow());
      const dm = space(e.id, { kind: 'client_dm', address: null });
      await inTx(uow(), (r) => r.spaces.insert(dm));
      const address = jsonValue();
      await inTx(uow(), (r) => r.spaces.setAddress(dm.id, address));
      expect((await uow().read.spaces.find(e.id, 'client_dm'))?.address).toEqual(address);
      await expectTriadError(
        inTx(uow(), (r) => r.spaces.setAddress(randomUUID(), address)),
        'not_found',
      );
    });

    it('caches who is in a space: saved, replaced, found by its address, tied to an existing space', async () => {
      const { engagement: e } = await seedTriad(uow());
      const coaching = space(e.id, { kind: 'coaching' });
      await inTx(uow(), (r) => r.spaces.insert(coaching));
      const addressKey = `slack:{"channel":"${randomUUID()}"}`;
      const members = {
        spaceId: coaching.id,
        engagementId: e.id,
        addressKey,
        platformUserIds: ['U1', 'U2'],
        reportedStrangers: [],
        checkedAt: at(3),
      };
      await inTx(uow(), (r) => r.spaceMembers.save(members));
      expect(await uow().read.spaceMembers.get(coaching.id)).toEqual(members);
      const changed = {
        ...members,
        platformUserIds: ['U1', 'U2', 'U3'],
        reportedStrangers: ['U3'],
        checkedAt: at(4),
      };
      await inTx(uow(), (r) => r.spaceMembers.save(changed));
      expect(await uow().read.spaceMembers.findByAddressKey(addressKey)).toEqual([changed]);
      expect(await uow().read.spaceMembers.findByAddressKey(`${addressKey}x`)).toEqual([]);
      expect(await uow().read.spaceMembers.get('not-a-uuid')).toBeUndefined();
      expect(await inTx(uow(), (r) => r.spaceMembers.deleteByEngagement(e.id))).toBe(1);
      expect(await uow().read.spaceMembers.get(coaching.id)).toBeUndefined();
      await expectDatabaseError(
        inTx(uow(), (r) => r.spaceMembers.save({ ...members, spaceId: randomUUID() })),
        '23503',
        'space_members_space_id_spaces_id_fk',
      );
    });
  });

  describe('meetings', () => {
    it('round-trips a meeting and lists those created together in lifecycle order', async () => {
      const { engagement: e, coach } = await seedTriad(uow());
      const kinds = ['closing', 'kickoff', 'midpoint', 'alignment'] as const;
      const created = kinds.map((kind) => meeting(e.id, { kind, organiserId: coach.id }));
      const session = meeting(e.id, { kind: 'session', createdAt: at(12) });
      await inTx(uow(), async (r) => {
        for (const one of [session, ...created]) await r.meetings.insert(one);
      });
      expect(await uow().read.meetings.get(session.id)).toEqual(session);
      const listed = await uow().read.meetings.listByEngagement(e.id);
      expect(listed.map((m) => m.kind)).toEqual(['kickoff', 'alignment', 'midpoint', 'closing', 'session']);
    });

    it('lists scheduled meetings after a time, soonest first', async () => {
      const { engagement: e } = await seedTriad(uow());
      const later = meeting(e.id, { startsAt: at(58) });
      const sooner = meeting(e.id, { startsAt: at(57) });
      const past = meeting(e.id, { startsAt: at(40) });
      const cancelled = meeting(e.id, { status: 'cancelled', startsAt: at(58) });
      const open = meeting(e.id, { status: 'unscheduled', startsAt: null, heldAt: null });
      await inTx(uow(), async (r) => {
        for (const one of [later, sooner, past, cancelled, open]) await r.meetings.insert(one);
      });
      const mine = new Set([later, sooner, past, cancelled, open].map((m) => m.id));
      const after = (await uow().read.meetings.listScheduledAfter(at(45))).filter((m) => mine.has(m.id));
      expect(after).toEqual([sooner, later]);
    });

    it('updates a meeting optimistically', async () => {
      const { engagement: e } = await seedTriad(uow());
      const m = meeting(e.id, { status: 'unscheduled', startsAt: null });
      await inTx(uow(), (r) => r.meetings.insert(m));
      const moved = { ...m, status: 'scheduled' as const, startsAt: at(59), version: 2 };
      await inTx(uow(), (r) => r.meetings.update(moved));
      expect(await uow().read.meetings.get(m.id)).toEqual(moved);
      await expectTriadError(
        inTx(uow(), (r) => r.meetings.update({ ...m, version: 2 })),
        'conflict',
      );
      expect(await uow().read.meetings.get(m.id)).toEqual(moved);
    });
  });
}
