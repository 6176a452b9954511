import { describe, expect, it } from 'vitest';
import { coachChoice } from '../../../src/controls/control-values.js';
import { runAction } from '../../../src/controls/controls.js';
import {
  cancelChemistryCall,
  markChemistryCallHeld,
  moveChemistryCall,
} from '../../../src/use-cases/chemistry/arrange-chemistry-call.js';
import { bookChemistryCall } from '../../../src/use-cases/chemistry/book-chemistry-call.js';
import { endEngagement } from '../../../src/use-cases/hr/end-engagement.js';
import { selectCoach } from '../../../src/use-cases/matching/select-coach.js';
import { cancelMeeting } from '../../../src/use-cases/meetings/cancel-meeting.js';
import { openMeetingLinkForm } from '../../../src/use-cases/meetings/meeting-link.js';
import { scheduleMeeting } from '../../../src/use-cases/meetings/schedule-meeting.js';
import { cancelSession } from '../../../src/use-cases/sessions/cancel-session.js';
import {
  type DecodedOutboxRow,
  messageControls,
  messagesTo,
  readOutbox,
  replyText,
} from '../../support/outbox-reader.js';
import {
  actor,
  advanceTo,
  client,
  coach1,
  holdMeeting,
  hr,
  londonLocal,
  sponsor,
  startTriad,
  stranger,
  type TriadFixture,
} from '../hr/triad-fixture.js';

const coach2 = actor('UCOACH2');

/** A two- (or four-) coach engagement at coach matching: the kickoff held, no coach chosen yet. */
async function matching(coaches: 2 | 4 = 2) {
  const t = await startTriad({ coaches });
  await advanceTo(t, 'coach_matching');
  return t;
}

const book = (t: TriadFixture, coachId: string, days = 3, time = '10:00', by = client) =>
  bookChemistryCall(
    { actor: by, engagementId: t.engagementId, coachId, localDateTime: londonLocal(days, time) },
    t.core,
  );

const calls = async (t: TriadFixture) =>
  (await t.core.uow.read.meetings.listByEngagement(t.engagementId)).filter((m) => m.kind === 'chemistry');

/** Direct messages to one person (the coach's side of an intro call). */
const dmsTo = (rows: readonly DecodedOutboxRow[], personId: string) =>
  rows.filter((r) => r.message?.destination.kind === 'hr' && r.message.destination.personId === personId);

const state = async (t: TriadFixture) => ({
  engagement: await t.engagement(),
  meetings: await t.core.uow.read.meetings.listByEngagement(t.engagementId),
  outbox: (await readOutbox(t.core, t.engagementId)).length,
});

describe('the coach choice offers intro calls', () => {
  it('gives one "Book an intro call" picker per shortlisted coach, carrying ids only', async () => {
    const t = await matching();
    const offer = messagesTo(await readOutbox(t.core, t.engagementId), 'client_dm').find((r) =>
      r.key.endsWith(':coach-choice'),
    );
    const pickers = messageControls(offer?.message as never).filter((c) => c.type === 'datetime');
    const [kim, lee] = [await t.person('UCOACH1'), await t.person('UCOACH2')];
    expect(pickers.map((p) => [p.actionId, p.label.text])).toEqual([
      ['chemistry.book', 'Book an intro call with Kim'],
      ['chemistry.book', 'Book an intro call with Lee'],
    ]);
    expect(pickers.map((p) => coachChoice.parse(p.value))).toEqual([
      { engagementId: t.engagementId, coachId: kim.id },
      { engagementId: t.engagementId, coachId: lee.id },
    ]);
    expect(offer?.text).toContain('optional: you can choose at any time, with or without a call');
  });

  it('offers none, and refuses a booking, where the organisation has intro calls off', async () => {
    const t = await startTriad();
    await t.setOrganisation({ chemistryCalls: false });
    await holdMeeting(t, 'kickoff');
    const offer = messagesTo(await readOutbox(t.core, t.engagementId), 'client_dm').find((r) =>
      r.key.endsWith(':coach-choice'),
    );
    expect(messageControls(offer?.message as never).some((c) => c.type === 'datetime')).toBe(false);
    const before = await state(t);
    await expect(book(t, (await t.person('UCOACH1')).id)).rejects.toMatchObject({
      code: 'illegal_transition',
      message: 'Intro calls are not offered in your organisation.',
    });
    expect(await state(t)).toEqual(before);
  });
});

describe('bookChemistryCall', () => {
  it("posts the call to the client's DM and the coach's own DM, each in their zone with an invite; nothing to the sponsor", async () => {
    const t = await matching();
    const kim = await t.person('UCOACH1');
    const sponsorRowsBefore = messagesTo(await readOutbox(t.core, t.engagementId), 'sponsor').length;
    const result = await book(t, kim.id);
    expect(result.changed).toBe(true);
    expect(replyText(result.reply)).toContain('Intro call with Kim booked for');
    const [call] = await calls(t);
    expect(call).toMatchObject({ status: 'scheduled', coachId: kim.id, durationMinutes: 20 });
    const rows = await readOutbox(t.core, t.engagementId);
    const toClient = messagesTo(rows, 'client_dm').filter((r) => r.key.includes(call?.id ?? '-'));
    const toKim = dmsTo(rows, kim.id);
    expect(toClient).toHaveLength(1);
    expect(toKim).toHaveLength(1);
    // Jane (London) reads 10:00; Kim (Tokyo) reads 19:00, each with an invite written in their own zone.
    expect(toClient[0]?.text).toContain('10:00');
    expect(toKim[0]?.text).toContain('19:00');
    expect(toKim[0]?.entry.readers).toEqual([kim.id]);
    expect(toClient[0]?.message?.file?.name).toBe('triad-chemistry.ics');
    expect(JSON.stringify(toClient[0]?.message?.file)).toContain('Europe/London');
    expect(JSON.stringify(toKim[0]?.message?.file)).toContain('Asia/Tokyo');
    expect(messageControls(toKim[0]?.message as never).map((c) => c.actionId)).toEqual([
      'chemistry.move',
      'chemistry.cancel',
      'chemistry.held',
    ]);
    expect(messagesTo(rows, 'sponsor')).toHaveLength(sponsorRowsBefore);
    expect(t.core.scheduler.synced.at(-1)).toBe(t.engagementId);
  });

  it('is double-click safe: the same coach and time again changes nothing and answers the same', async () => {
    const t = await matching();
    const kim = await t.person('UCOACH1');
    const first = await book(t, kim.id);
    const before = await state(t);
    const again = await book(t, kim.id);
    expect(again.changed).toBe(false);
    expect(replyText(again.reply)).toBe(replyText(first.reply));
    expect(await state(t)).toEqual(before);
  });

  it('books up to three coaches; a fourth is refused in words, changing nothing', async () => {
    const t = await matching(4);
    const ids = await Promise.all(['UCOACH1', 'UCOACH2', 'UCOACH4'].map(async (u) => (await t.person(u)).id));
    for (const [i, id] of ids.entries()) await book(t, id, 3 + i);
    expect(await calls(t)).toHaveLength(3);
    const before = await state(t);
    const bea = await t.person('UCOACH5');
    await expect(book(t, bea.id, 7)).rejects.toMatchObject({
      code: 'conflict',
      message:
        'You can book intro calls with up to 3 coaches, and you have booked calls with Kim, Lee and Ada.',
    });
    expect(await state(t)).toEqual(before);
  });

  it('frees a place when a call is cancelled', async () => {
    const t = await matching(4);
    const ids = await Promise.all(['UCOACH1', 'UCOACH2', 'UCOACH4'].map(async (u) => (await t.person(u)).id));
    for (const [i, id] of ids.entries()) await book(t, id, 3 + i);
    const [first] = await calls(t);
    await cancelChemistryCall({ actor: client, meetingId: first?.id ?? '' }, t.core);
    expect((await book(t, (await t.person('UCOACH5')).id, 7)).changed).toBe(true);
  });

  it('refuses a second call with the same coach: move the first instead', async () => {
    const t = await matching();
    const kim = await t.person('UCOACH1');
    await book(t, kim.id);
    await expect(book(t, kim.id, 4)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('You already have an intro call with Kim'),
    });
  });

  it.each([
    ['the sponsor', sponsor, 'not_authorised'],
    ['HR', hr, 'not_authorised'],
    ['a shortlisted coach', coach1, 'not_found'],
    ['a stranger', stranger, 'not_found'],
  ] as const)('is the client’s alone: %s is refused, changing nothing', async (_, who, code) => {
    const t = await matching();
    const before = await state(t);
    await expect(book(t, (await t.person('UCOACH1')).id, 3, '10:00', who)).rejects.toMatchObject({ code });
    expect(await state(t)).toEqual(before);
  });

  it('is only with a shortlisted coach', async () => {
    const t = await matching();
    const before = await state(t);
    await expect(book(t, (await t.person('USPONSOR')).id)).rejects.toMatchObject({
      code: 'validation_failed',
      message: 'That coach is not on your shortlist.',
    });
    expect(await state(t)).toEqual(before);
  });

  it('is for before the choice: once a coach is chosen, booking is refused', async () => {
    const t = await matching();
    const [kim, lee] = [await t.person('UCOACH1'), await t.person('UCOACH2')];
    await selectCoach({ actor: client, engagementId: t.engagementId, coachId: kim.id }, t.core);
    await expect(book(t, lee.id)).rejects.toMatchObject({
      code: 'illegal_transition',
      message: 'You have already chosen your coach; intro calls are for before choosing.',
    });
  });

  it('runs through the control table with a picked time; a damaged value is refused in words', async () => {
    const t = await matching();
    const kim = await t.person('UCOACH1');
    const value = `${t.engagementId}:${kim.id}`;
    await expect(runAction('chemistry.book', { actor: client, value }, t.core)).rejects.toMatchObject({
      message: 'Pick a date and time first.',
    });
    await expect(
      runAction(
        'chemistry.book',
        { actor: client, value: 'nonsense', picked: { localDateTime: londonLocal(3) } },
        t.core,
      ),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      message: 'That coach button is not valid any more.',
    });
    await runAction(
      'chemistry.book',
      { actor: client, value, picked: { localDateTime: londonLocal(3), timeZone: 'Europe/London' } },
      t.core,
    );
    expect(await calls(t)).toHaveLength(1);
  });
});

describe('moving, cancelling and holding an intro call', () => {
  it('the coach moves it; both are told the new time in their own zone', async () => {
    const t = await matching();
    const kim = await t.person('UCOACH1');
    await book(t, kim.id);
    const [call] = await calls(t);
    const moved = await moveChemistryCall(
      { actor: coach1, meetingId: call?.id ?? '', localDateTime: '2026-11-28T20:00', timeZone: 'Asia/Tokyo' },
      t.core,
    );
    expect(moved.changed).toBe(true);
    const [after] = await calls(t);
    expect(after?.startsAt?.toISOString()).toBe('2026-11-28T11:00:00.000Z');
    const rows = await readOutbox(t.core, t.engagementId);
    const movedRows = rows.filter((r) => r.key.includes(':moved:'));
    expect(movedRows.map((r) => r.text).join('\n')).toContain('Kim moved a 20-minute intro call');
    expect(dmsTo(movedRows, kim.id)[0]?.text).toContain('20:00');
    expect(messagesTo(movedRows, 'client_dm')[0]?.text).toContain('11:00');
  });

  it('the client cancels it; both get the calendar cancellation; twice is a no-op', async () => {
    const t = await matching();
    const kim = await t.person('UCOACH1');
    await book(t, kim.id);
    const [call] = await calls(t);
    expect((await cancelChemistryCall({ actor: client, meetingId: call?.id ?? '' }, t.core)).changed).toBe(
      true,
    );
    expect((await cancelChemistryCall({ actor: client, meetingId: call?.id ?? '' }, t.core)).changed).toBe(
      false,
    );
    const rows = (await readOutbox(t.core, t.engagementId)).filter((r) => r.key.includes(':cancelled:'));
    expect(rows.map((r) => r.message?.file?.name)).toEqual([
      'triad-chemistry-cancelled.ics',
      'triad-chemistry-cancelled.ics',
    ]);
    expect(dmsTo(rows, kim.id)).toHaveLength(1);
  });

  it('is held once its time has come, not before', async () => {
    const t = await matching();
    await book(t, (await t.person('UCOACH1')).id);
    const [call] = await calls(t);
    await expect(
      markChemistryCallHeld({ actor: client, meetingId: call?.id ?? '' }, t.core),
    ).rejects.toMatchObject({
      code: 'illegal_transition',
    });
    t.core.clock.set(new Date((call?.startsAt?.getTime() ?? 0) + 30 * 60_000));
    expect((await markChemistryCallHeld({ actor: coach1, meetingId: call?.id ?? '' }, t.core)).changed).toBe(
      true,
    );
    expect((await calls(t))[0]?.status).toBe('held');
  });

  it.each([
    ['the sponsor', sponsor],
    ['HR', hr],
    ['another shortlisted coach', coach2],
    ['a stranger', stranger],
  ] as const)('%s cannot find it: nothing is told and nothing changes', async (_, who) => {
    const t = await matching();
    await book(t, (await t.person('UCOACH1')).id);
    const [call] = await calls(t);
    const before = await state(t);
    const meetingId = call?.id ?? '';
    await expect(cancelChemistryCall({ actor: who, meetingId }, t.core)).rejects.toMatchObject({
      code: 'not_found',
      message: 'I can’t find that intro call.',
    });
    await expect(
      moveChemistryCall({ actor: who, meetingId, localDateTime: londonLocal(5) }, t.core),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await state(t)).toEqual(before);
  });

  it('is out of reach of the triad meeting and session flows (which would post to shared spaces)', async () => {
    const t = await matching();
    await book(t, (await t.person('UCOACH1')).id);
    const [call] = await calls(t);
    const meetingId = call?.id ?? '';
    await expect(cancelMeeting({ actor: client, meetingId }, t.core)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      scheduleMeeting({ actor: client, meetingId, localDateTime: londonLocal(5) }, t.core),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(cancelSession({ actor: client, meetingId }, t.core)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(openMeetingLinkForm({ actor: client, meetingId }, t.core)).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});

describe('choosing after intro calls', () => {
  it('the choice stays the client’s; coaches not chosen are thanked and their booked calls cancelled', async () => {
    const t = await matching(4);
    const [kim, lee, ada] = await Promise.all(['UCOACH1', 'UCOACH2', 'UCOACH4'].map((u) => t.person(u)));
    await book(t, kim?.id ?? '', 3);
    await book(t, lee?.id ?? '', 4);
    await book(t, ada?.id ?? '', 5);
    const kimCall = (await calls(t)).find((m) => m.coachId === kim?.id);
    t.core.clock.set(new Date((kimCall?.startsAt?.getTime() ?? 0) + 3600_000));
    await markChemistryCallHeld({ actor: client, meetingId: kimCall?.id ?? '' }, t.core);
    await cancelChemistryCall(
      { actor: client, meetingId: (await calls(t)).find((m) => m.coachId === ada?.id)?.id ?? '' },
      t.core,
    );
    const chosen = await selectCoach(
      { actor: client, engagementId: t.engagementId, coachId: lee?.id ?? '' },
      t.core,
    );
    expect(chosen.changed).toBe(true);
    expect((await t.engagement()).coachId).toBe(lee?.id);
    const byCoach = Object.fromEntries((await calls(t)).map((m) => [m.coachId, m.status]));
    // Lee's call (chosen) stays; Kim's was held; Ada's was cancelled before.
    expect(byCoach).toEqual({
      [kim?.id ?? '']: 'held',
      [lee?.id ?? '']: 'scheduled',
      [ada?.id ?? '']: 'cancelled',
    });
    const rows = await readOutbox(t.core, t.engagementId);
    for (const other of [kim, ada, await t.person('UCOACH5')]) {
      expect(dmsTo(rows, other?.id ?? '').some((r) => r.key.includes(':coach-not-chosen:'))).toBe(true);
    }
  });

  it('cancels the still-booked calls of the coaches not chosen, with the calendar cancellation to both', async () => {
    const t = await matching();
    const [kim, lee] = [await t.person('UCOACH1'), await t.person('UCOACH2')];
    await book(t, lee.id);
    await selectCoach({ actor: client, engagementId: t.engagementId, coachId: kim.id }, t.core);
    const [call] = await calls(t);
    expect(call?.status).toBe('cancelled');
    const rows = (await readOutbox(t.core, t.engagementId)).filter((r) =>
      r.key.startsWith(`meeting:${call?.id}:v2:cancelled`),
    );
    expect(rows).toHaveLength(2);
    expect(dmsTo(rows, lee.id)[0]?.text).toContain(
      'The intro call with Jane is cancelled, as a coach has been chosen',
    );
    expect(dmsTo(rows, lee.id)[0]?.text).not.toContain('Kim');
    expect(rows.every((r) => r.message?.file?.name === 'triad-chemistry-cancelled.ics')).toBe(true);
    const thanks = dmsTo(await readOutbox(t.core, t.engagementId), lee.id).filter((r) =>
      r.key.includes(':coach-not-chosen:'),
    );
    expect(thanks).toHaveLength(1);
  });
});

describe('an engagement ending with intro calls booked', () => {
  it('cancels them, tells their two people with the calendar cancellation, and does not count them for HR', async () => {
    const t = await matching();
    const lee = await t.person('UCOACH2');
    await book(t, lee.id);
    const ended = await endEngagement({ actor: hr, engagement: { kind: 'id', id: t.engagementId } }, t.core);
    expect((await calls(t))[0]?.status).toBe('cancelled');
    expect(replyText(ended.reply)).not.toMatch(/intro call/i);
    const rows = (await readOutbox(t.core, t.engagementId)).filter((r) => r.key.includes(':cancelled:'));
    expect(rows).toHaveLength(2);
    expect(dmsTo(rows, lee.id)[0]?.text).toContain('is cancelled, as the engagement has ended');
    expect(rows.every((r) => r.message?.file?.name === 'triad-chemistry-cancelled.ics')).toBe(true);
  });
});
