import { describe, expect, it } from 'vitest';
import type { InstallationVault, UsableToken } from '../../../../adapters/slack/oauth/installation-vault.js';
import { WorkspaceClients } from '../../../../adapters/slack/oauth/workspace-clients.js';
import { createDeliveryClient } from '../../../../adapters/slack/slack-web-client.js';
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

const factory = (token: string) => createDeliveryClient({ token, logger: capturingLogger().logger });

describe("a worker's Slack clients per workspace", () => {
  it("reads the tokens of one turn's calls together, and reads again for a later call", async () => {
    const { vault, reads, rotate } = countingVault({ T1: 'xoxb-1', T2: 'xoxb-2' });
    const clients = new WorkspaceClients(vault, factory);
    const [a, b, c] = await Promise.all([
      clients.clientFor('T1', 'delivery'),
      clients.clientFor('T2', 'delivery'),
      clients.clientFor('T1', 'delivery'),
    ]);
    expect(reads).toEqual([['T1', 'T2']]);
    expect(a).toBe(c);
    expect(a).not.toBe(b);
    // A later call reads the row again (a rotation or an uninstall is seen at once), never a cached token.
    rotate();
    const again = await clients.clientFor('T1', 'delivery');
    expect(reads).toEqual([['T1', 'T2'], ['T1']]);
    expect(again).not.toBe(a);
    await expect(clients.clientFor('T9', 'delivery')).rejects.toThrow('workspace_not_installed');
  });
});
