import { describe, expect, it } from 'vitest';
import { endEngagement } from '../../../src/use-cases/hr/end-engagement.js';
import { engagementStatus } from '../../../src/use-cases/hr/engagement-status.js';
import { listEngagements } from '../../../src/use-cases/hr/list-engagements.js';
import { reassignCoach } from '../../../src/use-cases/hr/reassign-coach.js';
import { startEngagement } from '../../../src/use-cases/hr/start-engagement.js';
import { selectCoach } from '../../../src/use-cases/matching/select-coach.js';
import { relayToSponsorThread } from '../../../src/use-cases/sponsor/relay-to-sponsor-thread.js';
import { createTestCore } from '../../support/core-deps.js';
import { readOutbox } from '../../support/outbox-reader.js';
import { actor, advanceTo, client, hr, startTriad } from './triad-fixture.js';

const secondHr = actor('UHR2');

async function snapshot(t: Awaited<ReturnType<typeof startTriad>>) {
  return {
    engagement: await t.engagement(),
    outbox: (await readOutbox(t.core, t.engagementId)).map((r) => r.key),
  };
}

describe('separated roles: whoever has HR rights never coaches', () => {
  it('start refuses HR naming themselves (or another HR admin) as the coach, and creates nothing', async () => {
    const core = createTestCore({ settings: { hrAdmins: ['UHR', 'UHR2'] } });
    for (const [id, name] of [
      ['UHR', 'Harper'],
      ['UHR2', 'Hana'],
      ['UCLIENT', 'Jane'],
      ['USPONSOR', 'Sam'],
      ['UCOACH1', 'Kim'],
    ])
      core.directory.add({ platformUserId: id as string, displayName: name as string });
    for (const coaches of [['UHR'], ['UCOACH1', 'UHR2']]) {
      await expect(
        startEngagement(
          { actor: hr, clientUserId: 'UCLIENT', sponsorUserId: 'USPONSOR', coachUserIds: coaches },
          core,
        ),
      ).rejects.toMatchObject({
        code: 'same_person_twice',
        message: expect.stringContaining('has HR rights'),
      });
    }
    const organisations = await core.uow.read.organisations.findByTenant('slack', 'T1');
    const engagements = organisations
      ? await core.uow.read.engagements.listByOrganisation(organisations.id)
      : [];
    expect(engagements).toEqual([]);
  });

  it('reassign refuses making an HR admin the coach and changes nothing', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    t.core.settings = { ...t.core.settings, hrAdmins: ['UHR', 'UHR2'] };
    t.core.directory.add({ platformUserId: 'UHR2', displayName: 'Hana' });
    const before = await snapshot(t);
    for (const coachUserId of ['UHR', 'UHR2']) {
      await expect(
        reassignCoach({ actor: hr, engagement: { kind: 'id', id: t.engagementId }, coachUserId }, t.core),
      ).rejects.toMatchObject({ code: 'same_person_twice', message: expect.stringContaining('HR rights') });
    }
    expect(await snapshot(t)).toEqual(before);
  });

  it('reassign still refuses the client or the sponsor as coach', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    const before = await snapshot(t);
    for (const coachUserId of ['UCLIENT', 'USPONSOR']) {
      await expect(
        reassignCoach({ actor: hr, engagement: { kind: 'id', id: t.engagementId }, coachUserId }, t.core),
      ).rejects.toMatchObject({ code: 'same_person_twice' });
    }
    expect(await snapshot(t)).toEqual(before);
  });

  it('the client cannot pick a shortlisted coach who has since gained HR rights', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coach_matching');
    t.core.settings = { ...t.core.settings, hrAdmins: ['UHR', 'UCOACH2'] };
    const lee = await t.person('UCOACH2');
    const before = await snapshot(t);
    await expect(
      selectCoach({ actor: client, engagementId: t.engagementId, coachId: lee.id }, t.core),
    ).rejects.toMatchObject({
      code: 'same_person_twice',
      message: expect.stringContaining('Lee has HR rights'),
    });
    expect(await snapshot(t)).toEqual(before);
  });

  it('start checks HR rights before anything else, even a badly formed triad', async () => {
    const core = createTestCore();
    await expect(
      startEngagement(
        {
          actor: actor('USTRANGER'),
          clientUserId: 'UCLIENT',
          sponsorUserId: 'UCLIENT',
          coachUserIds: ['UNOBODY'],
        },
        core,
      ),
    ).rejects.toMatchObject({ code: 'not_authorised' });
  });
});

describe('HR rights come from configuration, checked on every request', () => {
  it('someone removed from HR_ADMINS can no longer list, inspect, end, reassign or relay', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    await listEngagements({ actor: hr }, t.core);
    t.core.settings = { ...t.core.settings, hrAdmins: [] };
    const before = await snapshot(t);
    const refused = { code: expect.stringMatching(/^(not_authorised|not_found)$/) };
    await expect(listEngagements({ actor: hr }, t.core)).rejects.toMatchObject(refused);
    await expect(
      engagementStatus({ actor: hr, engagement: { kind: 'id', id: t.engagementId } }, t.core),
    ).rejects.toMatchObject(refused);
    await expect(
      endEngagement({ actor: hr, engagement: { kind: 'id', id: t.engagementId } }, t.core),
    ).rejects.toMatchObject(refused);
    await expect(
      reassignCoach(
        { actor: hr, engagement: { kind: 'id', id: t.engagementId }, coachUserId: 'UCOACH3' },
        t.core,
      ),
    ).rejects.toMatchObject(refused);
    await expect(
      relayToSponsorThread(
        { actor: hr, engagement: { kind: 'id', id: t.engagementId }, text: 'Hello all' },
        t.core,
      ),
    ).rejects.toMatchObject(refused);
    expect(await snapshot(t)).toEqual(before);
  });

  it('someone added to HR_ADMINS has the rights from their next request on', async () => {
    const t = await startTriad();
    await expect(listEngagements({ actor: secondHr }, t.core)).rejects.toMatchObject({
      code: 'not_authorised',
    });
    t.core.settings = { ...t.core.settings, hrAdmins: ['UHR', 'UHR2'] };
    const listed = await listEngagements({ actor: secondHr }, t.core);
    expect(listed.reply).toBeDefined();
  });
});
