import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  ConfigurationServiceClientCredentialFactory,
  StatusCodes,
} from 'botbuilder';
import { AuthenticationError, type ServiceClientCredentialsFactory } from 'botframework-connector';
import { TEAMS_CLOUD_PRESETS } from './teams-clouds.js';

/** The public cloud's Bot Framework endpoints (botbuilder's constants), the default. */
export const PUBLIC_CLOUD_ENDPOINTS: ConfigurationBotFrameworkAuthenticationOptions =
  TEAMS_CLOUD_PRESETS.public.auth;

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
 * signed for this app (401 otherwise), and outbound calls carry the app's own token. The endpoints come from the
 * configuration (TEAMS_CLOUD and its overrides); the public cloud's fill in whatever is not given.
 */
export function createTeamsCloudAdapter(
  credentialsFactory: ServiceClientCredentialsFactory,
  endpoints: Partial<ConfigurationBotFrameworkAuthenticationOptions> = {},
): CloudAdapter {
  return new CloudAdapter(
    new StrictBotFrameworkAuthentication({ ...PUBLIC_CLOUD_ENDPOINTS, ...endpoints }, credentialsFactory),
  );
}
