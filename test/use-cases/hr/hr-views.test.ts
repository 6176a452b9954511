import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatMeetingTime } from '../../../src/engagement/meeting-time.js';
import type { ReflectionPrompt } from '../../../src/engagement/records.js';
import { endEngagement } from '../../../src/use-cases/hr/end-engagement.js';
import { engagementStatus } from '../../../src/use-cases/hr/engagement-status.js';
import { listEngagements } from '../../../src/use-cases/hr/list-engagements.js';
import { startEngagement } from '../../../src/use-cases/hr/start-engagement.js';
import { scheduleMeeting } from '../../../src/use-cases/meetings/schedule-meeting.js';
import { markSessionHeld } from '../../../src/use-cases/sessions/mark-session-held.js';
import { scheduleSession } from '../../../src/use-cases/sessions/schedule-session.js';
import { messageParts, replyText } from '../../support/outbox-reader.js';
import {
  advanceTo,
  client,
  coach1,
  hr,
  londonLocal,
  sponsor,
  startTriad,
  type TriadFixture,
} from './triad-fixture.js';

const day = 86_400_000;

async function holdSessions(t: TriadFixture, count: number) {
  for (let i = 0; i < count; i += 1) {
    const now = t.core.clock.now();
    const startsAt = new Date(now.getTime() + day);
    const iso = startsAt.toISOString().slice(0, 16);
    const { meetingId } = await scheduleSession(
      { actor: coach1, engagementId: t.engagementId, localDateTime: iso, timeZone: 'UTC' },
      t.core,
    );
    t.core.clock.set(new Date(startsAt.getTime() + 2 * 3_600_000));
    await markSessionHeld({ actor: client, meetingId }, t.core);
  }
}

async function addPrompts(t: TriadFixture, statuses: ReflectionPrompt['status'][]) {
  await t.core.uow.transaction(async (repos) => {
    for (const [i, status] of statuses.entries()) {
      const sentAt = new Date(Date.UTC(2026, 10, 2 + i * 7, 9, 17));
      await repos.prompts.insert({
        id: randomUUID(),
        engagementId: t.engagementId,
        questionId: 'check_in.1',
        category: 'check_in',
        cycle: `2026-W${45 + i}`,
        status,
        sentAt,
        snoozedUntil: null,
        nudgeDueAt: null,
        nudgedAt: null,
        expiresAt: new Date(sentAt.getTime() + 6 * day),
      });
    }
  });
}

async function consentToActivitySharing(t: TriadFixture, withdrawn: boolean) {
  const engagement = await t.engagement();
  await t.core.uow.transaction((repos) =>
    repos.consents.insert({
      id: randomUUID(),
      engagementId: t.engagementId,
      clientId: engagement.clientId,
      kind: 'activity_sharing',
      textHash: null,
      grantedAt: t.core.clock.now(),
      withdrawnAt: withdrawn ? t.core.clock.now() : null,
    }),
  );
}

describe('listEngagements', () => {
  it("lists the organisation's live engagements with names, stage, next triad meeting and days left", async () => {
    const t = await startTriad();
    await advanceTo(t, 'alignment');
    const alignment = await t.meeting('alignment');
    await scheduleMeeting(
      {
        actor: sponsor,
        meetingId: alignment.id,
        localDateTime: londonLocal(10, '15:00'),
        timeZone: 'Europe/London',
      },
      t.core,
    );
    await scheduleSession(
      {
        actor: coach1,
        engagementId: t.engagementId,
        localDateTime: londonLocal(5),
        timeZone: 'Europe/London',
      },
      t.core,
    );
    const result = await listEngagements({ actor: hr }, t.core);
    expect(result.reply.audience).toBe('admin');
    const text = replyText(result.reply);
    const startsAt = (await t.meeting('alignment')).startsAt as Date;
    expect(text).toContain(
      `${t.engagementId.slice(0, 8)} · Jane — sponsor alignment · sponsor Sam · coach Kim · next: sponsor alignment meeting ${formatMeetingTime(startsAt, 'Europe/London')}`,
    );
    expect(text).toMatch(/\d+ days left/);
    expect(text).not.toContain('coaching session');
    expect(messageParts(result.reply).every((p) => p.kind === 'logistics')).toBe(true);
  });

  it('hides closed engagements unless asked, and says how many', async () => {
    const t = await startTriad();
    await endEngagement({ actor: hr, engagement: { kind: 'id', id: t.engagementId } }, t.core);
    t.core.directory.add({ platformUserId: 'UCLIENT2', displayName: 'Priya', timeZone: 'Asia/Kolkata' });
    await startEngagement(
      { actor: hr, clientUserId: 'UCLIENT2', sponsorUserId: 'USPONSOR', coachUserIds: ['UCOACH2'] },
      t.core,
    );
    const live = replyText((await listEngagements({ actor: hr }, t.core)).reply);
    expect(live).toContain('Priya — kickoff');
    expect(live).not.toContain('Jane');
    expect(live).toContain('1 closed or cancelled not shown.');
    const all = replyText((await listEngagements({ actor: hr, includeClosed: true }, t.core)).reply);
    expect(all).toContain('Jane — cancelled');
    expect(all).toContain('coach not chosen yet (2 shortlisted)');
  });

  it.each([
    ['client', client],
    ['sponsor', sponsor],
    ['coach', coach1],
  ])('refuses the %s', async (_who, who) => {
    const t = await startTriad();
    await expect(listEngagements({ actor: who }, t.core)).rejects.toMatchObject({ code: 'not_authorised' });
  });
});

describe('engagementStatus', () => {
  it('shows lifecycle metadata only: no prompt, answer or private-activity figures by default', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    await addPrompts(t, ['answered', 'answered', 'skipped', 'sent']);
    await holdSessions(t, 2);
    const result = await engagementStatus(
      { actor: hr, engagement: { kind: 'id', id: t.engagementId.slice(0, 8) } },
      t.core,
    );
    const text = replyText(result.reply);
    expect(result.reply.audience).toBe('admin');
    expect(text).toContain('Jane');
    expect(text).toContain('Kim');
    expect(text).toContain('coaching');
    expect(text).toMatch(/Kickoff meeting\nheld on/);
    expect(text).not.toMatch(/prompt|answer|session|repl/i);
    expect(text).not.toContain('09:17');
    expect(messageParts(result.reply).every((p) => p.kind === 'logistics')).toBe(true);
  });

  it("counts held sessions only under the organisation's count_held policy", async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    await holdSessions(t, 2);
    await t.setOrganisation({ sessionVisibility: 'count_held' });
    const text = replyText(
      (
        await engagementStatus(
          { actor: hr, engagement: { kind: 'client', platformUserId: 'UCLIENT' } },
          t.core,
        )
      ).reply,
    );
    expect(text).toContain('2 coaching sessions held.');
    expect(text).not.toMatch(/prompt|answer/i);
  });

  it.each([
    [false, true],
    [true, false],
  ])(
    'shows reply figures only with a standing activity-sharing consent (withdrawn: %s)',
    async (withdrawn, shown) => {
      const t = await startTriad();
      await advanceTo(t, 'coaching');
      await addPrompts(t, ['answered', 'answered', 'answered', 'expired']);
      await consentToActivitySharing(t, withdrawn);
      const text = replyText(
        (await engagementStatus({ actor: hr, engagement: { kind: 'id', id: t.engagementId } }, t.core)).reply,
      );
      expect(text.includes('3 of 4 reflection prompts answered')).toBe(shown);
    },
  );

  it('finds the engagement by its client and refuses non-HR', async () => {
    const t = await startTriad();
    const result = await engagementStatus(
      { actor: hr, engagement: { kind: 'client', platformUserId: 'UCLIENT' } },
      t.core,
    );
    expect(result.engagementId).toBe(t.engagementId);
    await expect(
      engagementStatus({ actor: sponsor, engagement: { kind: 'id', id: t.engagementId } }, t.core),
    ).rejects.toMatchObject({
      code: 'not_authorised',
    });
  });
});
