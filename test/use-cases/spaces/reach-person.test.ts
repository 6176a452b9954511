import { describe, expect, it } from 'vitest';
import { type ChatProvisioner, ProvisionError } from '../../../src/ports/chat-provisioner.js';
import { ChatPermissionMemory, PERMISSION_RECHECK_MS } from '../../../src/spaces/chat-permission.js';
import { reachPerson } from '../../../src/use-cases/spaces/reach-person.js';
import { startTeamsTriad, TENANT } from './teams-triad.js';

async function setup(answers: Array<ProvisionError | undefined>) {
  const t = await startTeamsTriad();
  const calls: string[] = [];
  const never = async () => {
    throw new Error('not used');
  };
  const provisioner: ChatProvisioner = {
    createChat: never,
    findChat: never,
    installInChat: never,
    addMember: never,
    removeMember: never,
    installForUser: async (_tenant, userId) => {
      calls.push(userId);
      const answer = answers.shift();
      if (answer) throw answer;
    },
  };
  const permissions = new ChatPermissionMemory(t.core.clock);
  const reach = () =>
    reachPerson({ tenantId: TENANT, platformUserId: 'UCLIENT' }, { core: t.core, provisioner, permissions });
  return { ...t, calls, reach, permissions };
}

describe('reaching someone Triad is not installed for', () => {
  it('installs Triad for them where the tenant allows it', async () => {
    const t = await setup([undefined]);
    expect(await t.reach()).toEqual({ kind: 'installing' });
    expect(t.calls).toEqual(['UCLIENT']);
  });

  it('remembers a refusal for a while instead of asking on every message, then asks again', async () => {
    const t = await setup([new ProvisionError('not_granted'), undefined]);
    expect(await t.reach()).toEqual({ kind: 'not_granted' });
    expect(await t.reach()).toEqual({ kind: 'not_granted' });
    expect(t.calls).toHaveLength(1);
    t.core.clock.advance(PERMISSION_RECHECK_MS + 1);
    expect(await t.reach()).toEqual({ kind: 'installing' });
  });

  it('says when the platform cannot tell who they are, without taking it for a refusal', async () => {
    const t = await setup([new ProvisionError('unknown_person'), undefined]);
    expect(await t.reach()).toEqual({ kind: 'unknown_person' });
    expect(t.permissions.refused(TENANT)).toBe(false);
  });

  it('a rate limit or an outage is a retry of the waiting message', async () => {
    const t = await setup([new ProvisionError('rate_limited', 3000), new ProvisionError('unavailable')]);
    await expect(t.reach()).rejects.toMatchObject({
      code: 'rate_limited',
      retryable: true,
      retryAfterMs: 3000,
    });
    await expect(t.reach()).rejects.toMatchObject({ code: 'chat_service_unavailable', retryable: true });
  });
});
