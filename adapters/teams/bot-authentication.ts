import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  ConfigurationServiceClientCredentialFactory,
  StatusCodes,
} from 'botbuilder';
import { AuthenticationError, type ServiceClientCredentialsFactory } from 'botframework-connector';

/**
 * Public-cloud Bot Framework endpoints, spelled out: once one endpoint is overridden (tests point the OpenID
 * metadata at a local server), botbuilder treats every endpoint as given, so all of them must be present.
 */
export const PUBLIC_CLOUD_ENDPOINTS: ConfigurationBotFrameworkAuthenticationOptions = {
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromChannelOpenIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
  ToBotFromEmulatorOpenIdMetadataUrl:
    'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  CallerId: 'urn:botframework:azure',
  ValidateAuthority: true,
};

const JWT_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/**
 * botbuilder 4.23 lets `jsonwebtoken` errors escape (a bad signature under a published key id becomes a 500);
 * this maps them to `AuthenticationError`, which `CloudAdapter.process` answers with 401.
 */
export class StrictBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(activity: Activity, authHeader: string) {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      if (error instanceof Error && JWT_ERRORS.has(error.name)) {
        throw new AuthenticationError(error.message, StatusCodes.UNAUTHORIZED);
      }
      throw error;
    }
  }
}

export interface TeamsCredentials {
  appId: string;
  appPassword: string;
  /** Required for a single-tenant app: its tokens come from this tenant. */
  tenantId?: string | undefined;
  appType: 'SingleTenant' | 'MultiTenant';
}

/** botbuilder's password credentials (tokens from Entra ID through MSAL) for the bot's app registration. */
export function passwordCredentials(credentials: TeamsCredentials): ServiceClientCredentialsFactory {
  return new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: credentials.appId,
    MicrosoftAppPassword: credentials.appPassword,
    MicrosoftAppType: credentials.appType,
    MicrosoftAppTenantId: credentials.tenantId,
  });
}

/**
 * The CloudAdapter behind `/api/messages`: every inbound request must carry a token the Bot Framework channel
 * signed for this app (401 otherwise), and outbound calls carry the app's own token. Tests give a credentials
 * factory and endpoints that point at local fakes.
 */
export function createTeamsCloudAdapter(
  credentialsFactory: ServiceClientCredentialsFactory,
  endpoints: Partial<ConfigurationBotFrameworkAuthenticationOptions> = {},
): CloudAdapter {
  return new CloudAdapter(
    new StrictBotFrameworkAuthentication({ ...PUBLIC_CLOUD_ENDPOINTS, ...endpoints }, credentialsFactory),
  );
}
