import { describe, expect, it } from 'vitest';
import { coachChoice } from '../../../src/controls/control-values.js';
import { endEngagement } from '../../../src/use-cases/hr/end-engagement.js';
import { pauseEngagement } from '../../../src/use-cases/hr/pause-engagement.js';
import { selectCoach } from '../../../src/use-cases/matching/select-coach.js';
import {
  membershipChanges,
  messageControls,
  messagesTo,
  readOutbox,
  replyText,
} from '../../support/outbox-reader.js';
import {
  advanceTo,
  client,
  coach1,
  holdMeeting,
  hr,
  sponsor,
  startTriad,
  stranger,
} from '../hr/triad-fixture.js';

describe('offerCoachChoice (kickoff held, no coach yet)', () => {
  it("gives the client's DM one button per shortlisted coach", async () => {
    const t = await startTriad();
    await holdMeeting(t, 'kickoff');
    expect((await t.engagement()).stage).toBe('coach_matching');
    const rows = await readOutbox(t.core, t.engagementId);
    const offer = messagesTo(rows, 'client_dm').find(
      (r) => r.key === `engagement:${t.engagementId}:coach-choice`,
    );
    expect(offer?.message).toBeDefined();
    const buttons = messageControls(offer?.message as never).flatMap((c) => (c.type === 'button' ? [c] : []));
    const [kim, lee] = [await t.person('UCOACH1'), await t.person('UCOACH2')];
    expect(buttons.map((b) => b.label.text)).toEqual(['Kim', 'Lee']);
    expect(buttons.map((b) => coachChoice.parse(b.value))).toEqual([
      { engagementId: t.engagementId, coachId: kim.id },
      { engagementId: t.engagementId, coachId: lee.id },
    ]);
    expect(messagesTo(rows, 'sponsor').some((r) => r.text.includes('Next: Jane chooses a coach'))).toBe(true);
  });

  it('is not offered when HR named a single coach: alignment comes next', async () => {
    const t = await startTriad({ coaches: 1 });
    await holdMeeting(t, 'kickoff');
    expect((await t.engagement()).stage).toBe('alignment');
    const rows = await readOutbox(t.core, t.engagementId);
    expect(rows.some((r) => r.key.endsWith(':coach-choice'))).toBe(false);
  });
});

describe('selectCoach', () => {
  it('sets the coach, moves to alignment, opens the coaching space and tells everyone', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coach_matching');
    const kim = await t.person('UCOACH1');
    const result = await selectCoach(
      { actor: client, engagementId: t.engagementId, coachId: kim.id },
      t.core,
    );
    expect(result.changed).toBe(true);
    expect(await t.engagement()).toMatchObject({ coachId: kim.id, stage: 'alignment' });
    expect(await t.core.uow.read.spaces.find(t.engagementId, 'coaching')).toBeDefined();
    const rows = await readOutbox(t.core, t.engagementId);
    expect(membershipChanges(rows)).toEqual([`add coaching ${kim.id}`, `add sponsor ${kim.id}`]);
    expect(messagesTo(rows, 'coaching').some((r) => r.text.includes('Welcome, Jane and Kim.'))).toBe(true);
    expect(messagesTo(rows, 'sponsor').some((r) => r.text.includes("Kim is Jane's coach"))).toBe(true);
    const chosen = messagesTo(rows, 'client_dm').find((r) => r.key.endsWith(':coach-chosen'));
    const alignment = await t.meeting('alignment');
    expect(messageControls(chosen?.message as never)).toEqual([
      expect.objectContaining({ type: 'datetime', actionId: 'meeting.schedule', value: alignment.id }),
    ]);
    expect(result.reply.audience).toBe('private');
    expect(replyText(result.reply)).toContain('You chose Kim as your coach.');
    expect(t.core.scheduler.synced.at(-1)).toBe(t.engagementId);
  });

  it('tells each shortlisted coach who was not chosen, kindly and without reasons, in a DM', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coach_matching');
    const [kim, lee] = [await t.person('UCOACH1'), await t.person('UCOACH2')];
    await selectCoach({ actor: client, engagementId: t.engagementId, coachId: kim.id }, t.core);
    await selectCoach({ actor: client, engagementId: t.engagementId, coachId: kim.id }, t.core);
    const rows = await readOutbox(t.core, t.engagementId);
    const direct = rows.filter((r) => r.key.includes(':coach-not-chosen:'));
    const toLee = direct.filter(
      (r) => r.message?.destination.kind === 'hr' && r.message.destination.personId === lee.id,
    );
    expect(toLee).toHaveLength(1);
    expect(toLee[0]?.entry.readers).toEqual([lee.id]);
    expect(toLee[0]?.text).toContain('Thank you for being shortlisted to coach Jane, Lee.');
    expect(toLee[0]?.text).toContain('Jane has chosen another coach this time');
    expect(toLee[0]?.text).not.toMatch(/because|reason|Kim/);
    expect(
      direct.some((r) => r.message?.destination.kind === 'hr' && r.message.destination.personId === kim.id),
    ).toBe(false);
  });

  it('lets the client choose early, during the kickoff stage; the kickoff then leads to alignment', async () => {
    const t = await startTriad();
    const lee = await t.person('UCOACH2');
    await selectCoach({ actor: client, engagementId: t.engagementId, coachId: lee.id }, t.core);
    expect(await t.engagement()).toMatchObject({ coachId: lee.id, stage: 'kickoff' });
    await holdMeeting(t, 'kickoff');
    expect((await t.engagement()).stage).toBe('alignment');
    expect((await readOutbox(t.core, t.engagementId)).some((r) => r.key.endsWith(':coach-choice'))).toBe(
      false,
    );
  });

  it('is double-click safe: the same coach again changes nothing and answers the same', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coach_matching');
    const kim = await t.person('UCOACH1');
    const first = await selectCoach({ actor: client, engagementId: t.engagementId, coachId: kim.id }, t.core);
    const state = await t.engagement();
    const rows = (await readOutbox(t.core, t.engagementId)).length;
    const second = await selectCoach(
      { actor: client, engagementId: t.engagementId, coachId: kim.id },
      t.core,
    );
    expect(second.changed).toBe(false);
    expect(replyText(second.reply)).toBe(replyText(first.reply));
    expect(await t.engagement()).toEqual(state);
    expect(await readOutbox(t.core, t.engagementId)).toHaveLength(rows);
  });

  it('refuses a different coach once one is chosen', async () => {
    const t = await startTriad();
    await advanceTo(t, 'alignment');
    const lee = await t.person('UCOACH2');
    await expect(
      selectCoach({ actor: client, engagementId: t.engagementId, coachId: lee.id }, t.core),
    ).rejects.toMatchObject({ code: 'conflict', message: 'Kim is already your coach.' });
  });

  it('refuses a coach who is not on the shortlist', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coach_matching');
    const sam = await t.person('USPONSOR');
    await expect(
      selectCoach({ actor: client, engagementId: t.engagementId, coachId: sam.id }, t.core),
    ).rejects.toMatchObject({ code: 'validation_failed', message: 'That coach is not on your shortlist.' });
  });

  it.each([
    ['sponsor', sponsor, 'not_authorised'],
    ['shortlisted coach', coach1, 'not_found'],
    ['HR', hr, 'not_authorised'],
    ['stranger', stranger, 'not_found'],
  ])('refuses the %s', async (_who, who, code) => {
    const t = await startTriad();
    await advanceTo(t, 'coach_matching');
    const kim = await t.person('UCOACH1');
    await expect(
      selectCoach({ actor: who, engagementId: t.engagementId, coachId: kim.id }, t.core),
    ).rejects.toMatchObject({
      code,
    });
    expect((await t.engagement()).coachId).toBeNull();
  });

  it.each([
    ['paused', 'This engagement is paused. Resume it first.'],
    ['cancelled', 'This engagement is cancelled; nothing more can change.'],
  ])('refuses when the engagement is %s', async (state, message) => {
    const t = await startTriad();
    await advanceTo(t, 'coach_matching');
    if (state === 'paused')
      await pauseEngagement({ actor: hr, engagement: { kind: 'id', id: t.engagementId } }, t.core);
    else await endEngagement({ actor: hr, engagement: { kind: 'id', id: t.engagementId } }, t.core);
    const kim = await t.person('UCOACH1');
    await expect(
      selectCoach({ actor: client, engagementId: t.engagementId, coachId: kim.id }, t.core),
    ).rejects.toMatchObject({ code: 'illegal_transition', message });
  });

  it('refuses a malformed id readably', async () => {
    const t = await startTriad();
    await expect(
      selectCoach({ actor: client, engagementId: 'nope', coachId: 'nope' } as never, t.core),
    ).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringContaining('not valid') });
  });
});

describe('selectCoach on a one-connection database (PGlite, as the demo runs)', () => {
  it('asks about HR rights inside its transaction: a read beside it would wait for the transaction forever', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coach_matching');
    const kim = await t.person('UCOACH1');
    const { uow } = t.core;
    let inTransaction = false;
    // Like PGlite: while a transaction holds the only connection, a read outside it cannot run.
    const read = new Proxy(uow.read, {
      get(target, name, receiver) {
        if (inTransaction) throw new Error(`read.${String(name)} beside an open transaction`);
        return Reflect.get(target, name, receiver);
      },
    });
    const oneConnection = {
      read,
      transaction: async <T>(work: Parameters<typeof uow.transaction<T>>[0]) => {
        inTransaction = true;
        try {
          return await uow.transaction(work);
        } finally {
          inTransaction = false;
        }
      },
    };
    const result = await selectCoach(
      { actor: client, engagementId: t.engagementId, coachId: kim.id },
      { ...t.core, uow: oneConnection },
    );
    expect(result.changed).toBe(true);
    expect((await t.engagement()).coachId).toBe(kim.id);
  });
});
