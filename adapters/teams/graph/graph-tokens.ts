import { ClientSecretCredential } from '@azure/identity';
import type { AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import { isLoopbackHttp } from '../cloud-names.js';

export interface GraphAppCredentials {
  appId: string;
  appPassword: string;
  /** The cloud's Entra ID login URL (TEAMS_LOGIN_URL or the preset): its origin is the authority host. */
  loginUrl: string;
  /** Graph's base URL: tokens are asked for `<base>/.default`. */
  graphBaseUrl: string;
}

/**
 * The app's Graph tokens in one tenant (application permissions are granted per tenant, so each tenant has its
 * own token): `@azure/identity`'s client-secret credential against the cloud's authority host; on a loopback
 * stand-in (plain http, which MSAL refuses) the same client-credentials request made directly.
 */
export function graphTokenProvider(app: GraphAppCredentials, tenantId: string): AuthenticationProvider {
  const scope = `${app.graphBaseUrl.replace(/\/+$/, '')}/.default`;
  const authorityHost = new URL(app.loginUrl).origin;
  if (isLoopbackHttp(app.loginUrl)) return loopbackProvider(app, authorityHost, tenantId, scope);
  const credential = new ClientSecretCredential(tenantId, app.appId, app.appPassword, { authorityHost });
  return new TokenCredentialAuthenticationProvider(credential, { scopes: [scope] });
}

function loopbackProvider(
  app: GraphAppCredentials,
  authorityHost: string,
  tenantId: string,
  scope: string,
): AuthenticationProvider {
  let cached: { token: string; expiresAt: number } | undefined;
  return {
    getAccessToken: async () => {
      if (cached && cached.expiresAt > Date.now()) return cached.token;
      const body = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: app.appId,
        client_secret: app.appPassword,
        scope,
      });
      const url = `${authorityHost}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
      const response = await fetch(url, { method: 'POST', body });
      if (!response.ok) {
        throw Object.assign(new Error(`Graph token request failed with ${response.status}`), {
          statusCode: response.status,
        });
      }
      const token = (await response.json()) as { access_token: string; expires_in: number };
      cached = { token: token.access_token, expiresAt: Date.now() + (token.expires_in - 300) * 1000 };
      return token.access_token;
    },
  };
}
