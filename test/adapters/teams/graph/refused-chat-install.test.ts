import { afterEach, describe, expect, it } from 'vitest';
import { GraphChatProvisioner } from '../../../../adapters/teams/graph/graph-chat-provisioner.js';
import { GraphClients } from '../../../../adapters/teams/graph/graph-client.js';
import { ChatPermissionMemory, PERMISSION_RECHECK_MS } from '../../../../src/spaces/chat-permission.js';
import { provisionGroupChat } from '../../../../src/use-cases/spaces/provision-group-chat.js';
import { type FakeBotConnector, startFakeBotConnector } from '../../../support/fake-bot-connector/index.js';
import { type FakeGraph, rosterIdentity, startFakeGraph } from '../../../support/fake-graph/index.js';
import { startTeamsTriad } from '../../../use-cases/spaces/teams-triad.js';

const APP_ID = '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
const TENANT = 'tenant-1';

let connector: FakeBotConnector | undefined;
let graph: FakeGraph | undefined;

afterEach(async () => {
  await graph?.close();
  await connector?.close();
});

describe('a group chat made, but Triad not allowed into it', () => {
  it.each([['Chat.Create', 'Chat.ReadBasic.All'], ['Chat.Create']] as const)(
    'is left as it is, and used again (not made again) once the install is allowed (granted: %s)',
    async (...granted) => {
      const t = await startTeamsTriad();
      connector = await startFakeBotConnector({ tenantId: TENANT });
      const jane = connector.addUser({ name: 'Jane Client' });
      const sam = connector.addUser({ name: 'Sam Sponsor' });
      const entra = new Map([
        ['UCLIENT', rosterIdentity(jane)],
        ['USPONSOR', rosterIdentity(sam)],
      ]);
      // The admin granted chat creation (with or without reading chats), not installing Triad in chats.
      const fake = await startFakeGraph({
        connector,
        botAppId: APP_ID,
        granted: { [TENANT]: granted },
      });
      graph = fake;
      fake.deliverTo(async () => undefined);
      const provisioner = new GraphChatProvisioner({
        clients: new GraphClients({
          appId: APP_ID,
          appPassword: 'secret',
          loginUrl: fake.loginUrl,
          graphBaseUrl: fake.baseUrl,
        }),
        graphBaseUrl: fake.baseUrl,
        catalogAppId: APP_ID,
        entraIdOf: async (_tenant, id) => entra.get(id),
      });
      const permissions = new ChatPermissionMemory(t.core.clock);
      const space = await t.core.uow.read.spaces.find(t.engagementId, 'sponsor');
      const provision = () =>
        provisionGroupChat(
          {
            spaceId: space?.id ?? '',
            tenantId: TENANT,
            topic: 'triad-sponsor-1a2b3c4d',
            memberPlatformUserIds: ['UCLIENT', 'USPONSOR'],
          },
          { core: t.core, provisioner, permissions },
        );

      expect(await provision()).toEqual({ kind: 'not_granted' });
      const [made] = [...fake.chats.values()];
      expect(fake.chats.size).toBe(1);
      expect(made?.installedApps).toEqual([]);

      // While the refusal stands nothing is asked; after it, Graph is asked again and still says no.
      expect(await provision()).toEqual({ kind: 'not_granted' });
      t.core.clock.advance(PERMISSION_RECHECK_MS + 1);
      expect(await provision()).toEqual({ kind: 'not_granted' });
      expect(fake.chats.size).toBe(1);

      fake.grant(TENANT, ['TeamsAppInstallation.ReadWriteSelfForChat.All']);
      t.core.clock.advance(PERMISSION_RECHECK_MS + 1);
      expect(await provision()).toEqual({ kind: 'created', chatId: made?.id });
      expect(fake.chats.size).toBe(1);
      expect(made?.installedApps).toEqual([APP_ID]);
      expect(fake.requests.filter((r) => r.operation === 'createChat')).toHaveLength(1);
    },
  );
});
