import { createTeamsCloudAdapter } from '../../../../adapters/teams/bot-authentication.js';
import { TeamsConnector } from '../../../../adapters/teams/teams-connector.js';
import {
  type BotFrameworkTokenServer,
  createFakeAadCredentialsFactory,
  startBotFrameworkTokenServer,
} from '../../../support/bot-framework-tokens.js';
import { type FakeBotConnector, startFakeBotConnector } from '../../../support/fake-bot-connector/index.js';
import { type FakeGraph, startFakeGraph } from '../../../support/fake-graph/index.js';

export const APP_ID = '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
export const APP_PASSWORD = 'test-only-password';
export const TENANT_ID = '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
/** The stand-in channel's token issuer: not the public cloud's, so its tokens never pass as public-cloud tokens. */
export const STAND_IN_ISSUER = 'https://channel.stand-in.test';

export interface TeamsFakes {
  tokens: BotFrameworkTokenServer;
  fake: FakeBotConnector;
  /** Microsoft Graph, accepting the stand-in Entra ID's tokens for it; no tenant has granted anything at first. */
  graph: FakeGraph;
  adapter: ReturnType<typeof createTeamsCloudAdapter>;
  connector: TeamsConnector;
  /** A token the Bot Framework channel would send with an activity to this bot. */
  channelToken(): string;
  /** The configuration that points the app's Teams side at these stand-ins and nothing else. */
  endpointsConfig(): Record<string, string>;
  close(): Promise<void>;
}

/**
 * The Teams boundary for a test: a local Entra ID / OpenID server, a fake Bot Connector that accepts only
 * tokens that server issued to this app, and a CloudAdapter with the app's credentials pointed at both.
 */
export async function startTeamsFakes(): Promise<TeamsFakes> {
  const tokens = await startBotFrameworkTokenServer({
    apps: { [APP_ID]: APP_PASSWORD },
    issuer: STAND_IN_ISSUER,
  });
  const fake = await startFakeBotConnector({
    tenantId: TENANT_ID,
    acceptAuthorization: tokens.isIssuedBotToken,
  });
  const graph = await startFakeGraph({
    connector: fake,
    botAppId: APP_ID,
    verifyToken: (authorization) => {
      if (!tokens.isIssuedBotToken(authorization)) return undefined;
      const claims = tokens.claimsOf(authorization ?? '');
      const graphToken = claims.aud === graph.baseUrl && claims.appid === APP_ID;
      return graphToken ? { tid: String(claims.tid), aud: String(claims.aud) } : undefined;
    },
  });
  const credentials = createFakeAadCredentialsFactory({
    appId: APP_ID,
    appPassword: APP_PASSWORD,
    tenantId: TENANT_ID,
  });
  const adapter = createTeamsCloudAdapter(credentials, tokens.authOptions());
  return {
    tokens,
    fake,
    graph,
    adapter,
    connector: new TeamsConnector(adapter, APP_ID),
    channelToken: () => tokens.issueChannelToken({ appId: APP_ID, serviceUrl: fake.serviceUrl }),
    endpointsConfig: () => ({
      TEAMS_OPENID_METADATA_URL: tokens.openIdMetadataUrl,
      TEAMS_TOKEN_ISSUER: tokens.issuer,
      TEAMS_LOGIN_URL: tokens.loginUrl,
      TEAMS_SERVICE_URL: fake.serviceUrl,
      GRAPH_BASE_URL: graph.baseUrl,
    }),
    close: async () => {
      await graph.close();
      await fake.close();
      await tokens.close();
    },
  };
}
