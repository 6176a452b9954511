import type { ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import { createHmacLinkSigner } from '../adapters/crypto/hmac.link-signer.js';
import { exportDownloadUrl, fileDownloadUrl } from '../adapters/http/file-download.js';
import { createTeamsCloudAdapter, passwordCredentials } from '../adapters/teams/bot-authentication.js';
import { isLoopbackHttp } from '../adapters/teams/cloud-names.js';
import { catalogAppIds } from '../adapters/teams/graph/catalog-app-id.js';
import { entraIdsThroughConnector } from '../adapters/teams/graph/entra-ids.js';
import { GraphChatProvisioner } from '../adapters/teams/graph/graph-chat-provisioner.js';
import { GraphClients } from '../adapters/teams/graph/graph-client.js';
import { entraUsersThroughGraph, withFirmTenant } from '../adapters/teams/graph/graph-people.js';
import { loopbackClientSecretCredentials } from '../adapters/teams/loopback-credentials.js';
import { type TeamsCloudEndpoints, teamsCloudEndpoints } from '../adapters/teams/teams-clouds.js';
import { TeamsConnector } from '../adapters/teams/teams-connector.js';
import { createTeamsEndpoint, type TeamsEndpoint } from '../adapters/teams/teams-endpoint.js';
import { TeamsMessenger } from '../adapters/teams/teams-messenger.js';
import type { FileLinksFor } from '../adapters/teams/turn/turn.js';
import type { LinkSigner } from '../src/ports/link-signer.js';
import { ChatPermissionMemory } from '../src/spaces/chat-permission.js';
import { issueExportToken } from '../src/use-cases/client/export-download.js';
import type { CoreDeps } from '../src/use-cases/deps.js';
import { fileLinks } from '../src/use-cases/files/file-links.js';
import type { AppConfig } from './config/app.config.js';

export interface TeamsWiring {
  /** Mount at POST /api/messages. */
  endpoint: TeamsEndpoint;
  /** Give to the delivery worker as `messengers.teams`. */
  messenger: TeamsMessenger;
}

/**
 * What a test may swap in beyond the configuration (the configuration alone can point every endpoint at local
 * stand-ins: TEAMS_OPENID_METADATA_URL, TEAMS_TOKEN_ISSUER, TEAMS_LOGIN_URL, TEAMS_SERVICE_URL).
 */
export interface TeamsOverrides {
  credentialsFactory?: ServiceClientCredentialsFactory;
  endpoints?: Partial<ConfigurationBotFrameworkAuthenticationOptions>;
  serviceUrl?: string;
}

/**
 * The tenants Triad always serves on Teams: TEAMS_TENANT_IDS, and the app's own tenant. The operator's allow-list
 * (`npm run tenants`, the `tenant_access` table) adds others at runtime; the endpoint asks it on every activity.
 */
export function servedTenantIds(
  config: Pick<AppConfig, 'TEAMS_APP_TENANT_ID' | 'TEAMS_TENANT_IDS'>,
): string[] {
  const own = config.TEAMS_APP_TENANT_ID ? [config.TEAMS_APP_TENANT_ID.toLowerCase()] : [];
  return [...new Set([...config.TEAMS_TENANT_IDS, ...own])];
}

/** A file's download buttons on Teams: signed links to `<public URL>/files/<token>`, made now. */
export function teamsFileLinks(publicUrl: string, core: CoreDeps, signer: LinkSigner): FileLinksFor {
  return async (origin) =>
    (await fileLinks(origin, { ...core, signer })).map((link) => ({
      title: link.label,
      url: fileDownloadUrl(publicUrl, link.token),
    }));
}

/** The endpoints of the configured cloud with each configured override on top. */
export function teamsCloud(config: AppConfig): TeamsCloudEndpoints {
  return teamsCloudEndpoints(config.TEAMS_CLOUD, {
    openIdMetadataUrl: config.TEAMS_OPENID_METADATA_URL,
    tokenIssuer: config.TEAMS_TOKEN_ISSUER,
    loginUrl: config.TEAMS_LOGIN_URL,
    oauthScope: config.TEAMS_OAUTH_SCOPE,
    serviceUrl: config.TEAMS_SERVICE_URL,
    graphBaseUrl: config.GRAPH_BASE_URL,
  });
}

/**
 * The Teams side of a Triad process, from configuration: undefined when TEAMS_APP_ID is not set (Triad runs
 * without Teams). The config schema already requires TEAMS_APP_PASSWORD with it, and TEAMS_APP_TENANT_ID for a
 * single-tenant app.
 */
export function wireTeams(
  config: AppConfig,
  core: CoreDeps,
  overrides: TeamsOverrides = {},
): TeamsWiring | undefined {
  const appId = config.TEAMS_APP_ID;
  if (!appId) return undefined;
  const cloud = teamsCloud(config);
  const app = {
    appId,
    appPassword: config.TEAMS_APP_PASSWORD ?? '',
    tenantId: config.TEAMS_APP_TENANT_ID,
    appType: config.TEAMS_APP_TYPE,
  };
  // Where the bot's own tokens come from, as botbuilder decides it: a SingleTenant app from its home tenant, a
  // MultiTenant app from `botframework.com` (TEAMS_APP_TENANT_ID then only names a served tenant). The same
  // token serves every tenant's conversations: Entra never needs a token per customer tenant for the Bot Connector.
  const tokenTenant = app.appType === 'SingleTenant' ? app.tenantId : undefined;
  // MSAL refuses a plain-http authority: a local Entra ID stand-in is reached with a plain client-credentials call.
  const loginUrl = cloud.auth.ToChannelFromBotLoginUrl;
  const credentials =
    overrides.credentialsFactory ??
    (loginUrl && isLoopbackHttp(loginUrl)
      ? loopbackClientSecretCredentials({ ...app, tenantId: tokenTenant })
      : passwordCredentials(app));
  const adapter = createTeamsCloudAdapter(credentials, { ...cloud.auth, ...overrides.endpoints });
  const serviceUrl = overrides.serviceUrl ?? cloud.serviceUrl;
  // The configuration refuses a Teams app without one; this keeps the type honest.
  if (!serviceUrl) throw new Error(`TEAMS_SERVICE_URL is required for TEAMS_CLOUD=${config.TEAMS_CLOUD}`);
  const connector = new TeamsConnector(adapter, appId);
  const publicUrl = config.TRIAD_PUBLIC_URL;
  const signer = createHmacLinkSigner(config.TRIAD_ENCRYPTION_KEYS);
  // Files go to Teams as signed links to Triad's `/files/` route, so only with a public URL.
  const links = publicUrl ? teamsFileLinks(publicUrl, core, signer) : undefined;
  const graphClients = new GraphClients({
    appId,
    appPassword: app.appPassword,
    loginUrl: loginUrl ?? 'https://login.microsoftonline.com',
    graphBaseUrl: cloud.graphBaseUrl,
  });
  // People named by e-mail or Entra id: in the client's tenant, else members of the coaching firm's own tenant.
  const entraUsers = withFirmTenant(
    entraUsersThroughGraph(graphClients),
    config.TEAMS_FIRM_TENANT_ID ?? config.TEAMS_APP_TENANT_ID,
  );
  const provisioner = new GraphChatProvisioner({
    clients: graphClients,
    graphBaseUrl: cloud.graphBaseUrl,
    catalogAppId: catalogAppIds({
      clients: graphClients,
      manifestAppId: appId,
      override: config.TEAMS_CATALOG_APP_ID,
      logger: core.logger,
    }),
    entraIdOf: entraIdsThroughConnector(connector, serviceUrl, core.uow, entraUsers),
  });
  const messenger = new TeamsMessenger({
    connector,
    core,
    uow: core.uow,
    clock: core.clock,
    logger: core.logger.child({ platform: 'teams' }),
    defaultServiceUrl: serviceUrl,
    defaultTenantId: config.TEAMS_APP_TENANT_ID,
    fileLinks: links,
    // Graph is tried per tenant: where the admin has not granted the permissions, people make the chats by hand.
    chats: { provisioner, permissions: new ChatPermissionMemory(core.clock) },
    // Installing Triad for someone who never opened it is another permission, detected on its own.
    reach: { provisioner, permissions: new ChatPermissionMemory(core.clock) },
  });
  return {
    endpoint: createTeamsEndpoint({
      adapter,
      connector,
      core,
      servedTenants: servedTenantIds(config),
      operatorContact: config.TRIAD_OPERATOR_CONTACT,
      ...(publicUrl
        ? {
            exportLink: (ids: { personId: string; engagementId: string }) =>
              exportDownloadUrl(publicUrl, issueExportToken(ids, { clock: core.clock, signer })),
          }
        : {}),
      ...(links ? { fileLinks: links } : {}),
      entraUsers,
    }),
    messenger,
  };
}
