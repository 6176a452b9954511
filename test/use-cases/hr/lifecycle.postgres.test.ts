import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../../db/client.js';
import { createUnitOfWork } from '../../../db/unit-of-work.js';
import { endEngagement } from '../../../src/use-cases/hr/end-engagement.js';
import { engagementStatus } from '../../../src/use-cases/hr/engagement-status.js';
import { reassignCoach } from '../../../src/use-cases/hr/reassign-coach.js';
import { markMeetingHeld } from '../../../src/use-cases/meetings/mark-meeting-held.js';
import { scheduleMeeting } from '../../../src/use-cases/meetings/schedule-meeting.js';
import { scheduleSession } from '../../../src/use-cases/sessions/schedule-session.js';
import { chooseRelayThread, confirmRelay } from '../../../src/use-cases/sponsor/relay-choice.js';
import { relayToSponsorThread } from '../../../src/use-cases/sponsor/relay-to-sponsor-thread.js';
import { createTestCore } from '../../support/core-deps.js';
import {
  membershipChanges,
  messageControls,
  messagesTo,
  readOutbox,
  replyText,
} from '../../support/outbox-reader.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { advanceTo, client, coach1, hr, londonLocal, sponsor, startTriad } from './triad-fixture.js';

/** The same use cases on real PostgreSQL: optimistic versions, row locks, constraints and outbox keys hold. */
describe('engagement lifecycle on PostgreSQL', () => {
  let testDatabase: TestDatabase;
  let database: ReturnType<typeof createDatabase>;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    database = createDatabase(testDatabase.url, { max: 5 });
  });
  afterAll(async () => {
    await database.close();
    await testDatabase.drop();
  });

  it('runs kickoff → matching → alignment → coaching → reassignment → end, with nothing sent twice', async () => {
    const core = createTestCore({ uow: createUnitOfWork(database.db) });
    const t = await startTriad({ core });
    await advanceTo(t, 'coaching');
    const midpoint = await t.meeting('midpoint');
    const input = { actor: sponsor, meetingId: midpoint.id, localDateTime: londonLocal(30) };
    await scheduleMeeting(input, core);
    expect((await scheduleMeeting(input, core)).changed).toBe(false);
    await scheduleSession(
      { actor: coach1, engagementId: t.engagementId, localDateTime: londonLocal(20) },
      core,
    );
    await reassignCoach(
      { actor: hr, engagement: { kind: 'id', id: t.engagementId }, coachUserId: 'UCOACH2' },
      core,
    );
    for (let i = 0; i < 2; i++) {
      const offered = await relayToSponsorThread(
        { actor: sponsor, text: 'See you at the mid-point.', requestId: 'm1' },
        core,
      );
      const [choice] = messageControls(offered.reply as never).flatMap((c) =>
        c.type === 'button' && c.actionId === 'relay.choose' ? [c.value] : [],
      );
      await chooseRelayThread({ actor: sponsor, value: choice ?? '' }, core);
      await confirmRelay({ actor: sponsor, value: choice ?? '' }, core);
    }
    await expect(markMeetingHeld({ actor: client, meetingId: midpoint.id }, core)).rejects.toMatchObject({
      code: 'illegal_transition',
    });
    const status = replyText(
      (await engagementStatus({ actor: hr, engagement: { kind: 'client', platformUserId: 'UCLIENT' } }, core))
        .reply,
    );
    expect(status).toContain('Lee');
    expect(status).not.toMatch(/session/i);
    await endEngagement({ actor: hr, engagement: { kind: 'id', id: t.engagementId } }, core);
    expect(await t.engagement()).toMatchObject({ stage: 'closed' });
    const meetings = await core.uow.read.meetings.listByEngagement(t.engagementId);
    expect(meetings.filter((m) => m.status === 'scheduled')).toEqual([]);
    const rows = await readOutbox(core, t.engagementId);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    expect(messagesTo(rows, 'sponsor').filter((r) => r.key.includes(':relay:'))).toHaveLength(1);
    const [kim, lee] = [await t.person('UCOACH1'), await t.person('UCOACH2')];
    expect(membershipChanges(rows)).toContain(`remove sponsor ${kim.id}`);
    expect(membershipChanges(rows)).toContain(`add coaching ${lee.id}`);
  });
});
