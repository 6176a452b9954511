import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { entryRow } from '../../../src/confidentiality/sealed-rows.js';
import { engagementStatus } from '../../../src/use-cases/hr/engagement-status.js';
import { listEngagements } from '../../../src/use-cases/hr/list-engagements.js';
import { pauseEngagement } from '../../../src/use-cases/hr/pause-engagement.js';
import { reassignCoach } from '../../../src/use-cases/hr/reassign-coach.js';
import { resumeEngagement } from '../../../src/use-cases/hr/resume-engagement.js';
import { markMeetingHeld } from '../../../src/use-cases/meetings/mark-meeting-held.js';
import { scheduleMeeting } from '../../../src/use-cases/meetings/schedule-meeting.js';
import { relayToSponsorThread } from '../../../src/use-cases/sponsor/relay-to-sponsor-thread.js';
import { messageParts, messagesTo, readOutbox, replyText } from '../../support/outbox-reader.js';
import { advanceTo, client, hr, londonLocal, sponsor, startTriad } from './triad-fixture.js';

const canary = 'CANARY-7f3a-private-reflection';

describe('HR and sponsor surfaces never carry private content', () => {
  it('after a whole lifecycle with private entries stored, sponsor-thread rows, HR views and logs hold no canary', async () => {
    const t = await startTriad();
    await advanceTo(t, 'alignment');
    const engagement = await t.engagement();
    const id = randomUUID();
    const sealed = t.core.cipher.seal(canary, entryRow({ id, engagementId: t.engagementId }));
    await t.core.uow.transaction((repos) =>
      repos.entries.insert({
        id,
        engagementId: t.engagementId,
        authorId: engagement.clientId,
        kind: 'goal',
        subjectId: null,
        ...sealed,
        readers: [engagement.clientId],
        sharedWithCoachAt: null,
        version: 1,
        createdAt: t.core.clock.now(),
        updatedAt: t.core.clock.now(),
      }),
    );
    const alignment = await t.meeting('alignment');
    await scheduleMeeting({ actor: client, meetingId: alignment.id, localDateTime: londonLocal(9) }, t.core);
    t.core.clock.set(new Date(Date.UTC(2026, 11, 3)));
    await markMeetingHeld({ actor: sponsor, meetingId: alignment.id }, t.core);
    await pauseEngagement({ actor: hr, engagement: { kind: 'id', id: t.engagementId } }, t.core);
    await resumeEngagement({ actor: hr, engagement: { kind: 'id', id: t.engagementId } }, t.core);
    await reassignCoach(
      { actor: hr, engagement: { kind: 'id', id: t.engagementId }, coachUserId: 'UCOACH2' },
      t.core,
    );
    await relayToSponsorThread({ actor: sponsor, text: 'Thanks all, see you at the closing.' }, t.core);
    const views = [
      (await listEngagements({ actor: hr }, t.core)).reply,
      (await engagementStatus({ actor: hr, engagement: { kind: 'id', id: t.engagementId } }, t.core)).reply,
    ];
    const shared = messagesTo(await readOutbox(t.core, t.engagementId), 'sponsor');
    expect(shared.length).toBeGreaterThan(5);
    for (const row of shared) {
      expect(row.text).not.toContain(canary);
      expect(messageParts(row.message as never).every((p) => p.kind !== 'private')).toBe(true);
    }
    for (const view of views) {
      expect(view.audience).toBe('admin');
      expect(replyText(view)).not.toContain(canary);
      expect(messageParts(view).every((p) => p.kind === 'logistics')).toBe(true);
    }
    expect(t.core.logLines.join('\n')).not.toContain(canary);
  });
});
