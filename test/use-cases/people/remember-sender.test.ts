import { describe, expect, it } from 'vitest';
import { rememberSender } from '../../../src/use-cases/people/remember-sender.js';
import { startTeamsTriad, TENANT, teamsActor } from '../spaces/teams-triad.js';

const oneToOne = (conversationId: string, serviceUrl = 'https://smba.example/emea/') => ({
  conversationId,
  serviceUrl,
  tenantId: TENANT,
  conversationType: 'personal',
});

async function setup() {
  const t = await startTeamsTriad();
  const jane = async () => {
    const organisation = await t.core.uow.read.organisations.findByTenant('teams', TENANT);
    const found = await t.core.uow.read.people.findByPlatformUser(organisation?.id ?? '', 'UCLIENT');
    if (!found) throw new Error('Jane missing');
    return found;
  };
  return { ...t, jane };
}

describe('remembering what a platform says about the sender', () => {
  it('keeps the time zone the platform reports, so times are shown in it', async () => {
    const t = await setup();
    await rememberSender({ ...teamsActor('UCLIENT'), timeZone: 'Asia/Tokyo' }, t.core);
    expect((await t.jane()).timeZone).toBe('Asia/Tokyo');
  });

  it.each(['Mars/Olympus', 'not a zone', '', 'Europe/'.repeat(30)])(
    'ignores a zone no clock knows (%j)',
    async (zone) => {
      const t = await setup();
      await rememberSender({ ...teamsActor('UCLIENT'), timeZone: zone }, t.core);
      expect((await t.jane()).timeZone).toBe('Europe/London');
    },
  );

  it('keeps the 1:1 chat a request came from, and the newer one when it moves', async () => {
    const t = await setup();
    await rememberSender({ ...teamsActor('UCLIENT'), directAddress: oneToOne('a:1') }, t.core);
    expect((await t.jane()).directAddress).toEqual(oneToOne('a:1'));
    await rememberSender(
      { ...teamsActor('UCLIENT'), directAddress: oneToOne('a:1', 'https://smba.example/amer/') },
      t.core,
    );
    expect((await t.jane()).directAddress).toEqual(oneToOne('a:1', 'https://smba.example/amer/'));
  });

  it('leaves the 1:1 chat alone for a request from a group chat (no address given)', async () => {
    const t = await setup();
    await rememberSender({ ...teamsActor('UCLIENT'), directAddress: oneToOne('a:1') }, t.core);
    await rememberSender({ ...teamsActor('UCLIENT'), timeZone: 'Europe/Paris' }, t.core);
    expect(await t.jane()).toMatchObject({ directAddress: oneToOne('a:1'), timeZone: 'Europe/Paris' });
  });

  it('knows someone named by their directory id by their platform id from their first request on', async () => {
    const t = await setup();
    const entraId = '6f1d2c3b-0a9e-4d8c-8b7a-1234567890ab';
    const jane = await t.jane();
    await t.core.uow.transaction((tx) => tx.people.setPlatformUserId(jane.id, entraId));
    await rememberSender(
      { ...teamsActor('29:jane'), directoryId: entraId.toUpperCase(), directAddress: oneToOne('a:7') },
      t.core,
    );
    const now = await t.core.uow.read.people.get(jane.id);
    expect(now).toMatchObject({ platformUserId: '29:jane', directAddress: oneToOne('a:7') });
    // Another sender claiming the same directory id later finds nobody left under it.
    await rememberSender({ ...teamsActor('29:other'), directoryId: entraId }, t.core);
    expect((await t.core.uow.read.people.get(jane.id))?.platformUserId).toBe('29:jane');
  });

  it('adds nobody: a sender Triad does not know stays unknown', async () => {
    const t = await setup();
    await rememberSender(
      { ...teamsActor('UNKNOWN'), timeZone: 'Asia/Tokyo', directAddress: oneToOne('a:9') },
      t.core,
    );
    const organisation = await t.core.uow.read.organisations.findByTenant('teams', TENANT);
    expect(
      await t.core.uow.read.people.findByPlatformUser(organisation?.id ?? '', 'UNKNOWN'),
    ).toBeUndefined();
  });

  it('touches no other organisation’s person of the same id', async () => {
    const t = await setup();
    await rememberSender({ ...teamsActor('UCLIENT'), tenantId: 'other', timeZone: 'Asia/Tokyo' }, t.core);
    expect((await t.jane()).timeZone).toBe('Europe/London');
  });
});
