import { describe, expect, it } from 'vitest';
import type { EngagementStage } from '../../../src/engagement/records.js';
import { draftGoal } from '../../../src/use-cases/goals/draft-goal.js';
import { retryDeliveries } from '../../../src/use-cases/hr/retry-deliveries.js';
import { answerPrompt } from '../../../src/use-cases/reflections/answer-prompt.js';
import { confirmRelease } from '../../../src/use-cases/releases/confirm-release.js';
import { previewRelease } from '../../../src/use-cases/releases/preview-release.js';
import { purgeExpiredEngagements } from '../../../src/use-cases/retention/purge-expired-engagements.js';
import { actors, triadIn } from '../client/triad-fixture.js';

const secret = 'canary-retention-7f3a';
const purgeAfter = new Date('2026-12-31T00:00:00Z');
const afterRetention = new Date('2027-01-01T00:00:00Z');

async function endedWithContent(stage: EngagementStage, due = purgeAfter) {
  const triad = await triadIn();
  const promptId = await triad.issue();
  await answerPrompt({ actor: actors.client, promptId, text: secret }, triad.core);
  const { entryId } = await draftGoal(
    { actor: actors.client, goal: secret, successMeasure: 'm' },
    triad.core,
  );
  const { releaseId } = await previewRelease({ actor: actors.client, entryId }, triad.core);
  await confirmRelease({ actor: actors.client, releaseId }, triad.core);
  await triad.setStage(stage, { closedAt: triad.core.clock.now(), purgeAfter: due });
  return triad;
}

describe('purgeExpiredEngagements', () => {
  it.each(['closed', 'cancelled'] as const)(
    'deletes a %s engagement’s private content after retention',
    async (stage) => {
      const triad = await endedWithContent(stage);
      const read = triad.core.uow.read;
      // When the coaching space's members were last read is a trace of its activity.
      const coaching = await read.spaces.find(triad.engagementId, 'coaching');
      if (!coaching) throw new Error('no coaching space');
      await triad.core.uow.transaction((r) =>
        r.spaceMembers.save({
          spaceId: coaching.id,
          engagementId: triad.engagementId,
          addressKey: 'local:{"space":"coaching"}',
          platformUserIds: ['client', 'coach'],
          reportedStrangers: [],
          checkedAt: triad.core.clock.now(),
        }),
      );
      // The client's stored presence (from Slack's events) goes with the engagement.
      const engagement = await read.engagements.get(triad.engagementId);
      const client = engagement && (await read.people.get(engagement.clientId));
      if (!engagement || !client) throw new Error('no client');
      const presenceOf = { organisationId: engagement.organisationId, platformUserId: client.platformUserId };
      await triad.core.uow.transaction((r) =>
        r.presenceRecords.save([
          { ...presenceOf, seenAt: triad.core.clock.now(), status: { away: false, expiresAt: null } },
        ]),
      );
      expect(await read.presenceRecords.listFor([presenceOf])).toHaveLength(1);
      const result = await purgeExpiredEngagements({ now: afterRetention }, triad.core);
      expect(result).toEqual({ purged: [triad.engagementId], failed: [] });
      expect(await read.presenceRecords.listFor([presenceOf])).toEqual([]);
      expect(await read.entries.listByEngagement(triad.engagementId)).toHaveLength(0);
      expect(await read.prompts.listByEngagement(triad.engagementId)).toHaveLength(0);
      expect(await read.releases.listByEngagement(triad.engagementId)).toHaveLength(0);
      expect(await read.consents.listByEngagement(triad.engagementId)).toHaveLength(0);
      expect(await read.outbox.listByEngagement(triad.engagementId)).toHaveLength(0);
      expect(await read.spaceMembers.get(coaching.id)).toBeUndefined();
      expect((await read.engagements.get(triad.engagementId))?.purgedAt).toEqual(triad.core.clock.now());
      const audit = await read.audit.listByEngagement(triad.engagementId);
      const purge = audit.find((a) => a.action === 'engagement_purged');
      expect(purge?.details).toEqual({});
      expect(audit.map((a) => a.action)).not.toContain('release_previewed');
      const opened = triad.uow
        .dumpRows()
        .flatMap(({ table, row }) =>
          'ciphertext' in row && (row.ciphertext as Buffer).length > 0 ? [{ table, row }] : [],
        )
        .map(({ table, row }) =>
          triad.core.cipher.open(row as never, {
            table: table === 'entries' ? 'private_entries' : (table as 'releases' | 'outbox'),
            rowId: row.id as string,
            engagementId: row.engagementId as string | null,
          }),
        );
      expect(opened.join('')).not.toContain(secret);
    },
  );

  it('leaves engagements that are live or not yet due alone, and is idempotent', async () => {
    const notDue = await endedWithContent('closed', new Date('2027-02-01T00:00:00Z'));
    expect((await purgeExpiredEngagements({ now: afterRetention }, notDue.core)).purged).toEqual([]);
    expect(await notDue.core.uow.read.entries.listByEngagement(notDue.engagementId)).toHaveLength(2);
    const live = await endedWithContent('coaching');
    expect((await purgeExpiredEngagements({ now: afterRetention }, live.core)).purged).toEqual([]);
    const done = await endedWithContent('closed');
    await purgeExpiredEngagements({ now: afterRetention }, done.core);
    expect((await purgeExpiredEngagements({ now: afterRetention }, done.core)).purged).toEqual([]);
    const audit = await done.core.uow.read.audit.listByEngagement(done.engagementId);
    expect(audit.filter((a) => a.action === 'engagement_purged')).toHaveLength(1);
  });

  it('leaves no failed message that HR could queue again: the purge deletes it', async () => {
    const triad = await endedWithContent('closed');
    const read = triad.core.uow.read;
    const [failed] = await read.outbox.listByEngagement(triad.engagementId);
    if (!failed) throw new Error('no outbox entry');
    await triad.core.uow.transaction((repos) =>
      repos.outbox.update({ ...failed, status: 'failed', lastErrorCode: 'channel_not_found' }),
    );
    await purgeExpiredEngagements({ now: afterRetention }, triad.core);

    const retry = await retryDeliveries(
      { actor: actors.hr, engagement: { kind: 'id', id: triad.engagementId } },
      triad.core,
    );
    expect(retry.retried).toBe(0);
    expect(await read.outbox.get(failed.id)).toBeUndefined();
  });

  it('deletes the invitation of a coach named by e-mail with the engagement: no address stays', async () => {
    const triad = await endedWithContent('closed');
    const engagement = await triad.engagement();
    const now = triad.core.clock.now();
    await triad.core.uow.transaction(async (r) => {
      const hr = await r.people.findByPlatformUser(engagement.organisationId, 'UHR');
      await r.coachInvitations.insert({
        id: triad.core.ids.newId(),
        organisationId: engagement.organisationId,
        engagementId: engagement.id,
        email: 'kim.retention@firm.example',
        state: 'refused',
        invites: [{ space: 'sponsor', addressKey: 'slack:{"channel":"C0SHARED1"}', inviteId: 'I0INVITE1' }],
        platformUserId: null,
        personId: null,
        refusal: 'declined',
        createdById: hr?.id ?? '',
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
    });
    await purgeExpiredEngagements({ now: afterRetention }, triad.core);
    expect(await triad.core.uow.read.coachInvitations.findByEngagement(engagement.id)).toBeUndefined();
    const rows = JSON.stringify(triad.uow.dumpRows());
    expect(rows).not.toContain('kim.retention@firm.example');
    expect(rows).not.toContain('I0INVITE1');
  });

  it('uses the clock when the job gives no time', async () => {
    const triad = await endedWithContent('closed');
    triad.core.clock.set(afterRetention);
    expect((await purgeExpiredEngagements({}, triad.core)).purged).toEqual([triad.engagementId]);
  });
});
