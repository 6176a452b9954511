import type { ServiceClientCredentialsFactory } from 'botframework-connector';

type Credentials = Awaited<ReturnType<ServiceClientCredentialsFactory['createCredentials']>>;

export interface ClientSecretCredentials {
  appId?: string | undefined;
  appPassword?: string | undefined;
  /** Single-tenant bots name their tenant; without it the `botframework.com` tenant is used, as botbuilder does. */
  tenantId?: string | undefined;
}

/**
 * The bot's client-credentials tokens from a local Entra ID stand-in (TEAMS_LOGIN_URL on http loopback): the same
 * app-id checks as botbuilder's password factory, but the token comes from `<login base>/<tenant>/oauth2/v2.0/token`
 * over plain HTTP, because MSAL insists on https authorities and instance discovery on the internet. Only used
 * when the configuration points the login URL at loopback; with no app id, authentication is disabled.
 */
export function loopbackClientSecretCredentials(
  credentials: ClientSecretCredentials,
): ServiceClientCredentialsFactory {
  const { appId, appPassword = '', tenantId } = credentials;
  const cache = new Map<string, { token: string; expiresAt: number }>();
  const anonymous: Credentials = { signRequest: async (resource) => resource };

  async function tokenFor(loginEndpoint: string, scope: string): Promise<string> {
    const authority = `${loginEndpoint.replace(/[^/]*$/, '')}${tenantId || 'botframework.com'}`;
    const key = `${authority} ${scope}`;
    const cached = cache.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached.token;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: appId ?? '',
      client_secret: appPassword,
      scope,
    });
    const response = await fetch(`${authority}/oauth2/v2.0/token`, { method: 'POST', body });
    if (!response.ok) throw new Error(`Token request failed with ${response.status}`);
    const token = (await response.json()) as { access_token: string; expires_in: number };
    cache.set(key, { token: token.access_token, expiresAt: Date.now() + (token.expires_in - 300) * 1000 });
    return token.access_token;
  }

  return {
    isValidAppId: async (candidate) => candidate === appId,
    isAuthenticationDisabled: async () => !appId,
    createCredentials: async (candidate, audience, loginEndpoint) => {
      if (!appId) return anonymous;
      if (candidate !== appId) throw new Error('Invalid appId.');
      const scope = `${(audience ?? 'https://api.botframework.com').replace(/\/$/, '')}/.default`;
      return {
        signRequest: async (resource) => {
          resource.headers.set('authorization', `Bearer ${await tokenFor(loginEndpoint, scope)}`);
          return resource;
        },
      };
    },
  };
}
