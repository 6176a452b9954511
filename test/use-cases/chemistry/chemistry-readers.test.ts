import { describe, expect, it } from 'vitest';
import { planEngagement } from '../../../src/scheduling/plan-engagement.js';
import { sendMeetingReminder } from '../../../src/scheduling/send-meeting-reminder.js';
import { bookChemistryCall } from '../../../src/use-cases/chemistry/book-chemistry-call.js';
import { composeHome } from '../../../src/use-cases/home/compose-home.js';
import { engagementReport } from '../../../src/use-cases/hr/engagement-report.js';
import { engagementStatus } from '../../../src/use-cases/hr/engagement-status.js';
import { listEngagements } from '../../../src/use-cases/hr/list-engagements.js';
import { sendHrDigests } from '../../../src/use-cases/hr/send-hr-digests.js';
import { selectCoach } from '../../../src/use-cases/matching/select-coach.js';
import { decodeOutboxEntry, messagesTo, messageText, readOutbox } from '../../support/outbox-reader.js';
import {
  actor,
  advanceTo,
  client,
  hr,
  londonLocal,
  sponsor,
  startTriad,
  type TriadFixture,
} from '../hr/triad-fixture.js';

/** Words that would tell someone an intro call exists. */
const callWords = /intro call|chemistry/i;

/** At coach matching with a call booked with each of Kim and Lee; the coach's DM of Lee's call failed. */
async function withCalls(): Promise<TriadFixture> {
  const t = await startTriad();
  await advanceTo(t, 'coach_matching');
  for (const [i, u] of ['UCOACH1', 'UCOACH2'].entries()) {
    const coachId = (await t.person(u)).id;
    await bookChemistryCall(
      { actor: client, engagementId: t.engagementId, coachId, localDateTime: londonLocal(3 + i, '10:00') },
      t.core,
    );
  }
  const lee = await t.person('UCOACH2');
  const leeRow = (await readOutbox(t.core, t.engagementId)).find(
    (r) => r.message?.destination.kind === 'hr' && r.message.destination.personId === lee.id,
  );
  if (!leeRow) throw new Error('no DM to Lee');
  await t.core.uow.transaction((repos) =>
    repos.outbox.update({ ...leeRow.entry, status: 'failed', lastErrorCode: 'channel_not_found' }),
  );
  return t;
}

const homeOf = async (t: TriadFixture, who: typeof hr) =>
  (await composeHome({ actor: who }, t.core)).sections.map((s) => messageText(s)).join('\n');

describe('readers of intro calls: the client and that coach only', () => {
  it('HR’s list, status, report, home and digest show nothing of them (at most "coach chosen")', async () => {
    const t = await withCalls();
    const ref = { kind: 'id', id: t.engagementId } as const;
    const status = await engagementStatus({ actor: hr, engagement: ref }, t.core);
    const views = [
      messageText((await listEngagements({ actor: hr }, t.core)).reply),
      messageText(status.reply),
      JSON.stringify((await engagementReport({ actor: hr }, t.core)).reply),
      await homeOf(t, hr),
    ];
    for (const view of views) {
      expect(view).not.toMatch(callWords);
      expect(view).not.toContain('could not be delivered');
      expect(view).not.toMatch(/\b1 failed\b/);
    }
    // Monday after next, 10:00 London: the digest goes out and says nothing of the calls or the failed DM.
    t.core.clock.set(new Date(Date.UTC(2026, 10, 30, 10)));
    await sendHrDigests(t.core);
    const digests = (await t.core.uow.read.outbox.listDue(new Date('2100-01-01'), 1000))
      .map((entry) => decodeOutboxEntry(t.core.cipher, entry))
      .filter((row) => row.key.startsWith('hr-digest:'));
    expect(digests.length).toBeGreaterThan(0);
    for (const row of digests) expect(row.text).not.toMatch(callWords);
    // Once chosen, HR learns the choice and nothing more.
    await selectCoach(
      { actor: client, engagementId: t.engagementId, coachId: (await t.person('UCOACH1')).id },
      t.core,
    );
    const after = messageText((await engagementStatus({ actor: hr, engagement: ref }, t.core)).reply);
    expect(after).toContain('Kim');
    expect(after).not.toMatch(callWords);
  });

  it('the sponsor’s space and home show nothing of them', async () => {
    const t = await withCalls();
    await selectCoach(
      { actor: client, engagementId: t.engagementId, coachId: (await t.person('UCOACH1')).id },
      t.core,
    );
    for (const row of messagesTo(await readOutbox(t.core, t.engagementId), 'sponsor')) {
      expect(row.text).not.toMatch(callWords);
    }
    expect(await homeOf(t, sponsor)).not.toMatch(callWords);
  });

  it('the chosen coach’s home does not show another coach’s call', async () => {
    const t = await withCalls();
    await selectCoach(
      { actor: client, engagementId: t.engagementId, coachId: (await t.person('UCOACH1')).id },
      t.core,
    );
    expect(await homeOf(t, actor('UCOACH1'))).not.toMatch(callWords);
  });

  it('reminders go to the client’s DM and the coach’s own DM only, each in their zone', async () => {
    const t = await withCalls();
    const lee = await t.person('UCOACH2');
    const call = (await t.core.uow.read.meetings.listByEngagement(t.engagementId)).find(
      (m) => m.kind === 'chemistry' && m.coachId === lee.id,
    );
    const startsAt = call?.startsAt ?? new Date(0);
    const plan = planEngagement(
      {
        engagement: await t.engagement(),
        meetings: await t.core.uow.read.meetings.listByEngagement(t.engagementId),
        prompts: [],
      },
      t.core.clock.now(),
    );
    expect(
      plan.oneOffs
        .filter((j) => j.name === 'meeting-reminder' && j.data.meetingId === call?.id)
        .map((j) => (j.name === 'meeting-reminder' ? j.data.reminder : '')),
    ).toEqual(['chemistry-24h', 'chemistry-1h']);
    t.core.clock.set(new Date(startsAt.getTime() - 3600_000));
    const sent = await sendMeetingReminder(
      { meetingId: call?.id ?? '', reminder: 'chemistry-1h', startsAt: startsAt.toISOString() },
      t.core,
    );
    expect(sent.outcome).toBe('sent');
    const rows = (await readOutbox(t.core, t.engagementId)).filter((r) => r.key.includes(':reminder:'));
    expect(rows.map((r) => r.message?.destination)).toEqual([
      { kind: 'space', engagementId: t.engagementId, space: 'client_dm' },
      { kind: 'hr', personId: lee.id, engagementId: t.engagementId, privateToPerson: true },
    ]);
    expect(rows[0]?.text).toContain('10:00');
    expect(rows[1]?.text).toContain('11:00');
  });
});
