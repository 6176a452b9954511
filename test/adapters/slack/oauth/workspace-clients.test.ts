import { describe, expect, it } from 'vitest';
import { enterpriseKey } from '../../../../adapters/slack/oauth/installation-records.js';
import type { InstallationVault, UsableToken } from '../../../../adapters/slack/oauth/installation-vault.js';
import {
  type ClientFactory,
  LOOKUP_CLIENTS_KEPT,
  WorkspaceClients,
} from '../../../../adapters/slack/oauth/workspace-clients.js';
import { createDeliveryClient, createLookupClient } from '../../../../adapters/slack/slack-web-client.js';
import { capturingLogger } from '../../../support/core-deps.js';

/** A vault answering from a table of tokens, counting its reads. */
function countingVault(tokens: Record<string, string>) {
  const reads: string[][] = [];
  let version = 1;
  const answer = (teamId: string): Promise<UsableToken> => {
    const token = tokens[teamId];
    if (!token) return Promise.reject(new Error('workspace_not_installed'));
    return Promise.resolve({ installationKey: `T:${teamId}`, token, version, botUserId: `B${teamId}` });
  };
  const vault = {
    tokenForTeam: async (teamId: string) => {
      reads.push([teamId]);
      return answer(teamId);
    },
    tokensForTeams: async (teamIds: readonly string[]) => {
      reads.push([...teamIds]);
      return new Map(teamIds.map((teamId) => [teamId, answer(teamId)]));
    },
  } as unknown as InstallationVault;
  return { vault, reads, rotate: () => (version += 1) };
}

/** A factory counting the clients it makes: lookups with their token, deliveries with none. */
function countingFactory() {
  const made: { kind: 'lookup' | 'delivery'; teamId?: string }[] = [];
  const logger = capturingLogger().logger;
  const factory: ClientFactory = {
    lookup: (token, teamId) => {
      made.push({ kind: 'lookup', ...(teamId ? { teamId } : {}) });
      return createLookupClient({ token, logger, teamId });
    },
    delivery: (teamId) => {
      made.push({ kind: 'delivery', ...(teamId ? { teamId } : {}) });
      return createDeliveryClient({ logger, teamId });
    },
  };
  return { factory, made };
}

describe("a worker's Slack clients per workspace", () => {
  it("reads the tokens of one turn's calls together, and reads again for a later call", async () => {
    const { vault, reads, rotate } = countingVault({ T1: 'xoxb-1', T2: 'xoxb-2' });
    const clients = new WorkspaceClients(vault, countingFactory().factory);
    const [a, b, c] = await Promise.all([
      clients.lookupClientFor('T1'),
      clients.lookupClientFor('T2'),
      clients.lookupClientFor('T1'),
    ]);
    expect(reads).toEqual([['T1', 'T2']]);
    expect(a).toBe(c);
    expect(a).not.toBe(b);
    // A later call reads the row again (a rotation or an uninstall is seen at once), never a cached token.
    rotate();
    const again = await clients.lookupClientFor('T1');
    expect(reads).toEqual([['T1', 'T2'], ['T1']]);
    expect(again).not.toBe(a);
    await expect(clients.lookupClientFor('T9')).rejects.toThrow('workspace_not_installed');
  });

  it('keeps the lookup clients of the workspaces looked up most recently, and makes the others again', async () => {
    const teams = Array.from({ length: LOOKUP_CLIENTS_KEPT + 1 }, (_, n) => `T${n}`);
    const { vault } = countingVault(Object.fromEntries(teams.map((team) => [team, `xoxb-${team}`])));
    const { factory, made } = countingFactory();
    const clients = new WorkspaceClients(vault, factory);
    const first = await clients.lookupClientFor('T0');
    for (const team of teams.slice(1, LOOKUP_CLIENTS_KEPT)) await clients.lookupClientFor(team);
    // T0 used again: T1 is now the one used longest ago, and the next workspace pushes it out.
    expect(await clients.lookupClientFor('T0')).toBe(first);
    await clients.lookupClientFor(teams[LOOKUP_CLIENTS_KEPT] as string);
    expect(made).toHaveLength(LOOKUP_CLIENTS_KEPT + 1);
    expect(await clients.lookupClientFor('T0')).toBe(first);
    expect(made).toHaveLength(LOOKUP_CLIENTS_KEPT + 1);
    await clients.lookupClientFor('T1');
    expect(made).toHaveLength(LOOKUP_CLIENTS_KEPT + 2);
  });

  it("delivers for every workspace through one client, each call with its workspace's current token", async () => {
    const { vault, reads, rotate } = countingVault({ T1: 'xoxb-1', T2: 'xoxb-2' });
    const { factory, made } = countingFactory();
    const clients = new WorkspaceClients(vault, factory);
    const [one, two] = await Promise.all([clients.deliveryClientFor('T1'), clients.deliveryClientFor('T2')]);
    expect(one.client).toBe(two.client);
    expect([one.token, two.token]).toEqual(['xoxb-1', 'xoxb-2']);
    expect(made).toEqual([{ kind: 'delivery' }]);
    // Read again for every call: a token changed since is the one passed.
    rotate();
    expect((await clients.deliveryClientFor('T1')).token).toBe('xoxb-1');
    expect(reads).toHaveLength(2);
    await expect(clients.deliveryClientFor('T9')).rejects.toThrow('workspace_not_installed');
  });

  it('gives each workspace of an org-wide token a delivery client naming it', async () => {
    const reads = { T1: 'xoxe-org', T2: 'xoxe-org' } as const;
    const vault = {
      tokensForTeams: async (teamIds: readonly string[]) =>
        new Map(
          teamIds.map((teamId) => [
            teamId,
            Promise.resolve({
              installationKey: enterpriseKey('E1'),
              token: reads[teamId as keyof typeof reads],
              version: 1,
              botUserId: 'B1',
            }),
          ]),
        ),
    } as unknown as InstallationVault;
    const { factory, made } = countingFactory();
    const clients = new WorkspaceClients(vault, factory);
    const [one, two, again] = await Promise.all([
      clients.deliveryClientFor('T1'),
      clients.deliveryClientFor('T2'),
      clients.deliveryClientFor('T1'),
    ]);
    expect(one.client).not.toBe(two.client);
    expect(again.client).toBe(one.client);
    expect(made).toEqual([
      { kind: 'delivery', teamId: 'T1' },
      { kind: 'delivery', teamId: 'T2' },
    ]);
  });
});
