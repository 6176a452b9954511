import { afterEach, describe, expect, it } from 'vitest';
import { catalogAppIds } from '../../../../adapters/teams/graph/catalog-app-id.js';
import { GraphChatProvisioner } from '../../../../adapters/teams/graph/graph-chat-provisioner.js';
import { GraphClients } from '../../../../adapters/teams/graph/graph-client.js';
import { capturingLogger } from '../../../support/core-deps.js';
import { type FakeBotConnector, startFakeBotConnector } from '../../../support/fake-bot-connector/index.js';
import {
  type FakeGraph,
  GRAPH_PERMISSIONS,
  rosterIdentity,
  startFakeGraph,
} from '../../../support/fake-graph/index.js';

const APP_ID = '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
const TENANT = '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
const OTHER_TENANT = '7c6b5a49-3827-4615-9a0b-c1d2e3f4a5b6';
const PUBLISHED_ID = 'e0b1c2d3-org-published-triad';

let connector: FakeBotConnector | undefined;
let graph: FakeGraph | undefined;

afterEach(async () => {
  await graph?.close();
  await connector?.close();
});

async function start(catalogAppId?: string) {
  connector = await startFakeBotConnector({ tenantId: TENANT });
  const fake = await startFakeGraph({
    connector,
    botAppId: APP_ID,
    ...(catalogAppId ? { catalogAppId } : {}),
    granted: { [TENANT]: GRAPH_PERMISSIONS, [OTHER_TENANT]: GRAPH_PERMISSIONS },
  });
  graph = fake;
  fake.deliverTo(async () => undefined);
  const clients = new GraphClients({
    appId: APP_ID,
    appPassword: 'secret',
    loginUrl: fake.loginUrl,
    graphBaseUrl: fake.baseUrl,
  });
  const lookups = () => fake.requests.filter((r) => r.operation === 'listCatalogApps');
  return { fake, clients, lookups, logger: capturingLogger().logger, connector };
}

describe("Triad's id in a tenant's app catalog", () => {
  it('an app the organisation published has its own catalog id: found by the manifest id, once per tenant', async () => {
    const t = await start(PUBLISHED_ID);
    const idOf = catalogAppIds({ clients: t.clients, manifestAppId: APP_ID, logger: t.logger });
    expect(await idOf(TENANT)).toBe(PUBLISHED_ID);
    expect(await idOf(TENANT)).toBe(PUBLISHED_ID);
    expect(await idOf(OTHER_TENANT)).toBe(PUBLISHED_ID);
    expect(t.lookups().map((r) => [r.tenantId, r.status])).toEqual([
      [TENANT, 200],
      [OTHER_TENANT, 200],
    ]);
  });

  it('installs Triad by that id: by the manifest id Graph would not find it', async () => {
    const t = await start(PUBLISHED_ID);
    const kim = t.connector.addUser({ name: 'Kim Coach', appInstalled: false });
    const installer = (catalogAppId: Parameters<typeof catalogAppIds>[0] | string) =>
      new GraphChatProvisioner({
        clients: t.clients,
        graphBaseUrl: t.fake.baseUrl,
        catalogAppId: typeof catalogAppId === 'string' ? catalogAppId : catalogAppIds(catalogAppId),
        entraIdOf: async (_tenant, id) => rosterIdentity(t.connector.users.get(id)),
      });
    await expect(installer(APP_ID).installForUser(TENANT, kim.id)).rejects.toMatchObject({
      kind: 'unavailable',
    });
    await installer({ clients: t.clients, manifestAppId: APP_ID, logger: t.logger }).installForUser(
      TENANT,
      kim.id,
    );
    expect(t.fake.installedFor.has(kim.aadObjectId ?? '')).toBe(true);
  });

  it('a store app is listed by its manifest id', async () => {
    const t = await start();
    const idOf = catalogAppIds({ clients: t.clients, manifestAppId: APP_ID, logger: t.logger });
    expect(await idOf(TENANT)).toBe(APP_ID);
  });

  it('without AppCatalog.Read.All the manifest id is used, and Graph is asked again next time', async () => {
    const t = await start(PUBLISHED_ID);
    t.fake.revoke(TENANT, ['AppCatalog.Read.All']);
    const idOf = catalogAppIds({ clients: t.clients, manifestAppId: APP_ID, logger: t.logger });
    expect(await idOf(TENANT)).toBe(APP_ID);
    t.fake.grant(TENANT, ['AppCatalog.Read.All']);
    expect(await idOf(TENANT)).toBe(PUBLISHED_ID);
    expect(t.lookups().map((r) => r.status)).toEqual([403, 200]);
  });

  it("the operator's configured id wins, and nothing is asked", async () => {
    const t = await start(PUBLISHED_ID);
    const idOf = catalogAppIds({
      clients: t.clients,
      manifestAppId: APP_ID,
      override: 'configured-id',
      logger: t.logger,
    });
    expect(await idOf(TENANT)).toBe('configured-id');
    expect(t.lookups()).toEqual([]);
  });
});
