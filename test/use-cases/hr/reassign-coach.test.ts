import { describe, expect, it } from 'vitest';
import { endEngagement } from '../../../src/use-cases/hr/end-engagement.js';
import { reassignCoach } from '../../../src/use-cases/hr/reassign-coach.js';
import { membershipChanges, messagesTo, readOutbox, replyText } from '../../support/outbox-reader.js';
import { advanceTo, client, coach1, hr, sponsor, startTriad } from './triad-fixture.js';

describe('reassignCoach', () => {
  it('moves the coaching and sponsor spaces from the old coach to the new one and tells both spaces', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    const [kim, ola] = [await t.person('UCOACH1'), await t.person('UCOACH3').catch(() => undefined)];
    expect(ola).toBeUndefined();
    const result = await reassignCoach(
      { actor: hr, engagement: { kind: 'id', id: t.engagementId }, coachUserId: 'UCOACH3' },
      t.core,
    );
    const olaNow = await t.person('UCOACH3');
    const engagement = await t.engagement();
    expect(engagement).toMatchObject({ coachId: olaNow.id, stage: 'coaching' });
    expect(result.changed).toBe(true);
    const rows = await readOutbox(t.core, t.engagementId);
    expect(membershipChanges(rows)).toEqual(
      [
        `add coaching ${kim.id}`,
        `add sponsor ${kim.id}`,
        `remove sponsor ${kim.id}`,
        `add coaching ${olaNow.id}`,
        `add sponsor ${olaNow.id}`,
      ].sort(),
    );
    expect(
      messagesTo(rows, 'coaching').some(
        (r) => r.text.includes('Welcome, Jane and Ola.') && !r.text.includes('take over'),
      ),
    ).toBe(true);
    expect(
      messagesTo(rows, 'sponsor').some((r) =>
        r.text.includes('HR has asked Ola to take over the coaching from Kim'),
      ),
    ).toBe(true);
    expect(result.reply.audience).toBe('admin');
    expect(replyText(result.reply)).toContain("Ola is now Jane's coach");
    expect(t.core.scheduler.synced.at(-1)).toBe(t.engagementId);
  });

  it('opens a fresh coaching space for the new coach and cancels what was still waiting for the old one', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    const space = await t.core.uow.read.spaces.find(t.engagementId, 'coaching');
    const waiting = await t.core.uow.transaction(async (repos) => {
      await repos.spaces.setAddress(space?.id ?? '', { channel: 'C-OLD' });
      const [entry] = (await repos.outbox.listByEngagement(t.engagementId)).filter(
        (e) => (e.destination as { space?: string }).space === 'coaching',
      );
      if (!entry) throw new Error('no coaching message');
      await repos.outbox.update({ ...entry, status: 'pending' });
      return entry.id;
    });
    await reassignCoach(
      { actor: hr, engagement: { kind: 'id', id: t.engagementId }, coachUserId: 'UCOACH3' },
      t.core,
    );
    const fresh = await t.core.uow.read.spaces.find(t.engagementId, 'coaching');
    const ola = await t.person('UCOACH3');
    expect(fresh).toMatchObject({ address: null, coachId: ola.id, retiredAt: null });
    expect(fresh?.id).not.toBe(space?.id);
    // The previous space is kept, retired, with its address as history; nothing is delivered to it again.
    expect(await t.core.uow.read.spaces.get(space?.id ?? '')).toMatchObject({
      address: { channel: 'C-OLD' },
      retiredAt: t.core.clock.now(),
    });
    expect(await t.core.uow.read.outbox.get(waiting)).toMatchObject({
      status: 'cancelled',
      lastErrorCode: 'coach_changed',
    });
  });

  it('is a no-op for the current coach (double click)', async () => {
    const t = await startTriad();
    await advanceTo(t, 'alignment');
    const before = await t.engagement();
    const rowsBefore = (await readOutbox(t.core, t.engagementId)).length;
    const result = await reassignCoach(
      { actor: hr, engagement: { kind: 'client', platformUserId: 'UCLIENT' }, coachUserId: 'UCOACH1' },
      t.core,
    );
    expect(result.changed).toBe(false);
    expect(replyText(result.reply)).toContain("Kim is already Jane's coach");
    expect(await t.engagement()).toEqual(before);
    expect(await readOutbox(t.core, t.engagementId)).toHaveLength(rowsBefore);
  });

  it('lets a previous coach come back, joining the spaces again', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    await reassignCoach(
      { actor: hr, engagement: { kind: 'id', id: t.engagementId }, coachUserId: 'UCOACH2' },
      t.core,
    );
    await reassignCoach(
      { actor: hr, engagement: { kind: 'id', id: t.engagementId }, coachUserId: 'UCOACH1' },
      t.core,
    );
    const kim = await t.person('UCOACH1');
    const joins = membershipChanges(await readOutbox(t.core, t.engagementId)).filter(
      (c) => c === `add coaching ${kim.id}`,
    );
    expect(joins).toHaveLength(2);
  });

  it.each([
    ['before any coach is chosen', 'kickoff', 'UCOACH3', 'illegal_transition', 'has not chosen a coach yet'],
    ['to the client', 'coaching', 'UCLIENT', 'same_person_twice', 'Jane is the client of this engagement'],
    ['to the sponsor', 'coaching', 'USPONSOR', 'same_person_twice', 'Sam is the sponsor of this engagement'],
    ['to a bot', 'coaching', 'UBOT', 'bot_user', 'is a bot'],
    ['to an unknown user', 'coaching', 'UNOBODY', 'unknown_user', "can't find the coach"],
  ] as const)('refuses reassigning %s', async (_what, stage, coachUserId, code, words) => {
    const t = await startTriad();
    await advanceTo(t, stage);
    const before = await t.engagement();
    const run = reassignCoach(
      { actor: hr, engagement: { kind: 'id', id: t.engagementId }, coachUserId },
      t.core,
    );
    await expect(run).rejects.toMatchObject({ code, message: expect.stringContaining(words) });
    expect(await t.engagement()).toEqual(before);
  });

  it('refuses a closed engagement', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    await endEngagement({ actor: hr, engagement: { kind: 'id', id: t.engagementId } }, t.core);
    await expect(
      reassignCoach(
        { actor: hr, engagement: { kind: 'id', id: t.engagementId }, coachUserId: 'UCOACH2' },
        t.core,
      ),
    ).rejects.toMatchObject({ code: 'illegal_transition' });
  });

  it.each([
    ['client', client],
    ['sponsor', sponsor],
    ['coach', coach1],
  ])('refuses the %s', async (_who, who) => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    await expect(
      reassignCoach(
        { actor: who, engagement: { kind: 'id', id: t.engagementId }, coachUserId: 'UCOACH2' },
        t.core,
      ),
    ).rejects.toMatchObject({ code: 'not_authorised' });
  });
});
