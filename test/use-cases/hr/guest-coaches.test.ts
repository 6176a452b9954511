import { describe, expect, it } from 'vitest';
import { reassignCoach } from '../../../src/use-cases/hr/reassign-coach.js';
import { startEngagement } from '../../../src/use-cases/hr/start-engagement.js';
import { createTestCore } from '../../support/core-deps.js';
import { membershipChanges, readOutbox } from '../../support/outbox-reader.js';
import { advanceTo, hr, startTriad } from './triad-fixture.js';

function coreWithGuests() {
  const core = createTestCore();
  for (const [platformUserId, displayName] of [
    ['UHR', 'Harper'],
    ['UCLIENT', 'Jane'],
    ['USPONSOR', 'Sam'],
  ] as const)
    core.directory.add({ platformUserId, displayName });
  core.directory.add({ platformUserId: 'UMULTI', displayName: 'Mia', guest: 'multi_channel' });
  core.directory.add({ platformUserId: 'USINGLE', displayName: 'Sol', guest: 'single_channel' });
  return core;
}

describe('guests as coaches', () => {
  it('a multi-channel guest coaches like a member: both spaces, same flow', async () => {
    const core = coreWithGuests();
    const { engagementId } = await startEngagement(
      { actor: hr, clientUserId: 'UCLIENT', sponsorUserId: 'USPONSOR', coachUserIds: ['UMULTI'] },
      core,
    );
    const mia = await core.uow.read.people.findByPlatformUser(
      (await core.uow.read.engagements.get(engagementId))?.organisationId ?? '',
      'UMULTI',
    );
    expect(membershipChanges(await readOutbox(core, engagementId))).toEqual(
      [`add coaching ${mia?.id}`, `add sponsor ${mia?.id}`].sort(),
    );
  });

  it.each([
    ['as the coach', { clientUserId: 'UCLIENT', coachUserIds: ['USINGLE'] }, 'the coach must be in two'],
    ['in a shortlist', { clientUserId: 'UCLIENT', coachUserIds: ['UMULTI', 'USINGLE'] }, 'the coach must'],
    ['as the client', { clientUserId: 'USINGLE', coachUserIds: ['UMULTI'] }, 'the client must be in two'],
  ])(
    'start refuses a single-channel guest %s, says what the admin must change, creates nothing',
    async (_what, named, words) => {
      const core = coreWithGuests();
      const run = startEngagement({ actor: hr, sponsorUserId: 'USPONSOR', ...named }, core);
      await expect(run).rejects.toMatchObject({
        code: 'guest_restricted',
        message: expect.stringContaining(words),
        hint: expect.stringContaining('make Sol a multi-channel guest or a full member'),
      });
      expect(await core.uow.read.organisations.findByTenant('slack', 'T1')).toBeUndefined();
    },
  );

  it('reassign refuses a single-channel guest and changes nothing', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    t.core.directory.add({ platformUserId: 'USINGLE', displayName: 'Sol', guest: 'single_channel' });
    const before = await t.engagement();
    const outbox = (await readOutbox(t.core, t.engagementId)).length;
    await expect(
      reassignCoach(
        { actor: hr, engagement: { kind: 'id', id: t.engagementId }, coachUserId: 'USINGLE' },
        t.core,
      ),
    ).rejects.toMatchObject({
      code: 'guest_restricted',
      message: expect.stringContaining('single-channel guest'),
    });
    expect(await t.engagement()).toEqual(before);
    expect(await readOutbox(t.core, t.engagementId)).toHaveLength(outbox);
  });
});
