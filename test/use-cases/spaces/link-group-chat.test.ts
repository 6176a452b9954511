import { describe, expect, it } from 'vitest';
import { linkGroupChat } from '../../../src/use-cases/spaces/link-group-chat.js';
import { unlinkGroupChat } from '../../../src/use-cases/spaces/unlink-group-chat.js';
import { startTeamsTriad, TENANT } from './teams-triad.js';

const chat = (conversationId: string, memberIds: string[], actor = memberIds[0] ?? 'UCLIENT') => ({
  platform: 'teams' as const,
  tenantId: TENANT,
  address: {
    conversationId,
    serviceUrl: 'https://smba.example/teams/',
    tenantId: TENANT,
    conversationType: 'groupChat',
  },
  memberIds,
  actorPlatformUserId: actor,
});

const SPONSOR_CHAT = ['USPONSOR', 'UCLIENT', 'UCOACH1'];

async function setup() {
  const t = await startTeamsTriad();
  const read = t.core.uow.read;
  const space = async (kind: 'sponsor' | 'coaching') => {
    const found = await read.spaces.find(t.engagementId, kind);
    if (!found) throw new Error(`no ${kind} space`);
    return found;
  };
  const audit = async () => (await read.audit.listByEngagement(t.engagementId)).map((a) => a.action);
  return { ...t, space, audit };
}

describe('linking a group chat to an engagement space', () => {
  it('links a chat of exactly the sponsor space’s people, records who did it and sends what waited', async () => {
    const t = await setup();
    const waiting = (await t.core.uow.read.outbox.listByEngagement(t.engagementId))
      .filter((e) => e.status === 'pending')
      .map((e) => e.id);
    t.core.scheduler.delivered.length = 0;

    const outcome = await linkGroupChat(chat('19:sponsor', SPONSOR_CHAT, 'UCLIENT'), t.core);

    expect(outcome).toEqual({ kind: 'linked', engagementId: t.engagementId, space: 'sponsor' });
    expect((await t.space('sponsor')).address).toEqual({
      ...chat('19:sponsor', SPONSOR_CHAT).address,
      engagementId: t.engagementId,
      space: 'sponsor',
    });
    const linked = (await t.core.uow.read.audit.listByEngagement(t.engagementId)).find(
      (a) => a.action === 'teams_space_linked',
    );
    const jane = await t.core.uow.read.people.findByPlatformUser(
      (await t.core.uow.read.organisations.findByTenant('teams', TENANT))?.id ?? '',
      'UCLIENT',
    );
    expect(linked).toMatchObject({ actorId: jane?.id, details: { space: 'sponsor', members: 3 } });
    expect(waiting.length).toBeGreaterThan(0);
    expect(t.core.scheduler.delivered).toEqual(waiting);
  });

  it('links the client and coach’s chat as the coaching space, whatever order Teams lists them in', async () => {
    const t = await setup();
    const outcome = await linkGroupChat(chat('19:coaching', ['UCOACH1', 'UCLIENT']), t.core);
    expect(outcome).toMatchObject({ kind: 'linked', space: 'coaching' });
    expect((await t.space('coaching')).address).toMatchObject({ conversationId: '19:coaching' });
  });

  it.each([
    ['someone Triad does not know is in it', [...SPONSOR_CHAT, 'UNKNOWN']],
    ['someone of another engagement is in it', [...SPONSOR_CHAT, 'UCLIENT2']],
    ['someone of the space is missing', ['USPONSOR', 'UCLIENT']],
    ['only one person is in it', ['UCLIENT']],
  ])('links nothing when %s', async (_case, memberIds) => {
    const t = await setup();
    const outcome = await linkGroupChat(chat('19:other', memberIds), t.core);
    expect(outcome).toEqual({ kind: 'no_match' });
    expect((await t.space('sponsor')).address).toBeNull();
    expect(await t.audit()).not.toContain('teams_space_linked');
  });

  it('links nothing for a chat of another tenant', async () => {
    const t = await setup();
    const outcome = await linkGroupChat({ ...chat('19:sponsor', SPONSOR_CHAT), tenantId: 'other' }, t.core);
    expect(outcome).toEqual({ kind: 'no_match' });
    expect((await t.space('sponsor')).address).toBeNull();
  });

  it('keeps a linked space with its chat: a second chat of the same people is turned away', async () => {
    const t = await setup();
    await linkGroupChat(chat('19:sponsor', SPONSOR_CHAT), t.core);
    const second = await linkGroupChat(chat('19:second', SPONSOR_CHAT), t.core);
    expect(second).toEqual({ kind: 'taken', engagementId: t.engagementId, space: 'sponsor' });
    expect((await t.space('sponsor')).address).toMatchObject({ conversationId: '19:sponsor' });
    expect((await t.audit()).filter((a) => a === 'teams_space_linked')).toHaveLength(1);
  });

  it('a linked chat whose members changed is handed to delivery again, which checks who is in it', async () => {
    const t = await setup();
    await linkGroupChat(chat('19:sponsor', SPONSOR_CHAT), t.core);
    const again = await linkGroupChat(chat('19:sponsor', SPONSOR_CHAT), t.core);
    expect(again).toEqual({ kind: 'already_linked', engagementId: t.engagementId, space: 'sponsor' });
    const withStranger = await linkGroupChat(chat('19:sponsor', [...SPONSOR_CHAT, 'UNKNOWN']), t.core);
    expect(withStranger).toEqual({ kind: 'already_linked', engagementId: t.engagementId, space: 'sponsor' });
    expect((await t.space('sponsor')).address).toMatchObject({ conversationId: '19:sponsor' });
  });

  it('refuses a malformed request readably and changes nothing', async () => {
    const t = await setup();
    await expect(
      linkGroupChat({ ...chat('19:sponsor', SPONSOR_CHAT), address: { conversationId: '' } }, t.core),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    expect((await t.space('sponsor')).address).toBeNull();
  });
});

describe('unlinking a group chat Triad was removed from', () => {
  it('unlinks the space, so its messages wait for a new chat, and records it', async () => {
    const t = await setup();
    await linkGroupChat(chat('19:sponsor', SPONSOR_CHAT), t.core);
    const { actorPlatformUserId: _actor, ...removedBy } = chat('19:sponsor', ['USPONSOR']);
    expect(await unlinkGroupChat(removedBy, t.core)).toEqual({ engagementId: t.engagementId });
    expect((await t.space('sponsor')).address).toBeNull();
    expect(await t.audit()).toContain('teams_space_unlinked');
    // A new chat of the same people can now become the space.
    const relinked = await linkGroupChat(chat('19:new', SPONSOR_CHAT), t.core);
    expect(relinked).toMatchObject({ kind: 'linked', space: 'sponsor' });
  });

  it('changes nothing for a chat that is no space', async () => {
    const t = await setup();
    await linkGroupChat(chat('19:sponsor', SPONSOR_CHAT), t.core);
    const { actorPlatformUserId: _actor, ...removedBy } = chat('19:unrelated', ['USPONSOR']);
    expect(await unlinkGroupChat(removedBy, t.core)).toBeUndefined();
    expect((await t.space('sponsor')).address).toMatchObject({ conversationId: '19:sponsor' });
    expect(await t.audit()).not.toContain('teams_space_unlinked');
  });
});
