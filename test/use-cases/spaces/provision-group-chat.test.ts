import { describe, expect, it } from 'vitest';
import {
  type ChatProvisioner,
  type ChatRequest,
  ProvisionError,
} from '../../../src/ports/chat-provisioner.js';
import { DeliveryError } from '../../../src/ports/messenger.js';
import { ChatPermissionMemory, PERMISSION_RECHECK_MS } from '../../../src/spaces/chat-permission.js';
import { chatRequestKey, provisionGroupChat } from '../../../src/use-cases/spaces/provision-group-chat.js';
import { startTeamsTriad, TENANT } from './teams-triad.js';

/** A chat service that keeps what it made; `fail` answers the next call of that name with an error. */
function scriptedChats() {
  const chats: Array<ChatRequest & { id: string; installed: boolean }> = [];
  const fail = new Map<string, ProvisionError>();
  const calls: string[] = [];
  const step = (name: string) => {
    calls.push(name);
    const error = fail.get(name);
    if (error) {
      fail.delete(name);
      throw error;
    }
  };
  const provisioner: ChatProvisioner = {
    createChat: async (request) => {
      step('create');
      const id = `19:chat-${chats.length + 1}`;
      chats.push({ ...request, id, installed: false });
      return id;
    },
    findChat: async (request) => {
      step('find');
      return chats.find((c) => c.topic === request.topic)?.id;
    },
    installInChat: async (_tenant, chatId) => {
      step('install');
      const chat = chats.find((c) => c.id === chatId);
      if (chat) chat.installed = true;
    },
    addMember: async () => step('add'),
    removeMember: async () => step('remove'),
    installForUser: async () => step('installForUser'),
  };
  return { chats, fail, calls, provisioner };
}

async function setup() {
  const t = await startTeamsTriad();
  const space = await t.core.uow.read.spaces.find(t.engagementId, 'sponsor');
  if (!space) throw new Error('no sponsor space');
  const service = scriptedChats();
  const permissions = new ChatPermissionMemory(t.core.clock);
  const input = {
    spaceId: space.id,
    tenantId: TENANT,
    topic: 'triad-sponsor-1a2b3c4d',
    memberPlatformUserIds: ['USPONSOR', 'UCLIENT'],
  };
  const provision = () =>
    provisionGroupChat(input, { core: t.core, provisioner: service.provisioner, permissions });
  return { ...t, space, service, permissions, provision };
}

describe('making a space’s group chat through the platform', () => {
  it('records a request id before asking, then makes the chat and installs Triad', async () => {
    const t = await setup();
    expect(await t.provision()).toEqual({ kind: 'created', chatId: '19:chat-1' });
    expect(t.service.calls).toEqual(['create', 'install']);
    expect(t.service.chats[0]).toMatchObject({
      installed: true,
      memberPlatformUserIds: ['USPONSOR', 'UCLIENT'],
    });
    const recorded = await t.core.uow.read.processed.get(chatRequestKey(t.space.id));
    expect(recorded?.outcome).toEqual({ requestId: expect.any(String) });
  });

  it('after an attempt that may have made the chat, looks for it first and makes none again', async () => {
    const t = await setup();
    t.service.fail.set('install', new ProvisionError('unavailable'));
    await expect(t.provision()).rejects.toMatchObject({ code: 'chat_service_unavailable', retryable: true });

    expect(await t.provision()).toEqual({ kind: 'created', chatId: '19:chat-1' });
    expect(t.service.chats).toHaveLength(1);
    expect(t.service.calls).toEqual(['create', 'install', 'install']);
  });

  it('a chat made but Triad refused in it is used again once the install is allowed, never made again', async () => {
    const t = await setup();
    t.service.fail.set('install', new ProvisionError('not_granted'));
    expect(await t.provision()).toEqual({ kind: 'not_granted' });
    t.core.clock.advance(PERMISSION_RECHECK_MS);
    expect(await t.provision()).toEqual({ kind: 'created', chatId: '19:chat-1' });
    expect(t.service.chats).toHaveLength(1);
    expect(t.service.calls).toEqual(['create', 'install', 'install']);
  });

  it('makes the chat when the recorded attempt never reached the platform', async () => {
    const t = await setup();
    t.service.fail.set('create', new ProvisionError('unavailable'));
    await expect(t.provision()).rejects.toBeInstanceOf(DeliveryError);
    expect(await t.provision()).toEqual({ kind: 'created', chatId: '19:chat-1' });
    expect(t.service.calls).toEqual(['create', 'find', 'create', 'install']);
  });

  it('a rate limit is a retry after the platform’s wait', async () => {
    const t = await setup();
    t.service.fail.set('create', new ProvisionError('rate_limited', 42_000));
    await expect(t.provision()).rejects.toMatchObject({ code: 'rate_limited', retryAfterMs: 42_000 });
  });

  it('without the permission: not granted, remembered for a while without asking, then checked again', async () => {
    const t = await setup();
    t.service.fail.set('create', new ProvisionError('not_granted'));
    expect(await t.provision()).toEqual({ kind: 'not_granted' });
    expect(await t.provision()).toEqual({ kind: 'not_granted' });
    expect(t.service.calls).toEqual(['create']);

    t.core.clock.advance(PERMISSION_RECHECK_MS);
    expect(await t.provision()).toEqual({ kind: 'created', chatId: '19:chat-1' });
    expect(t.permissions.refused(TENANT)).toBe(false);
  });

  it('refuses bad input and changes nothing', async () => {
    const t = await setup();
    await expect(
      provisionGroupChat(
        { spaceId: 'not-a-uuid', tenantId: TENANT, topic: '', memberPlatformUserIds: [] },
        { core: t.core, provisioner: t.service.provisioner, permissions: t.permissions },
      ),
    ).rejects.toThrow();
    expect(t.service.calls).toEqual([]);
  });
});
