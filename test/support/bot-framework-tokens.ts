import { generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import {
  type ClientSecretCredentials,
  loopbackClientSecretCredentials,
} from '../../adapters/teams/loopback-credentials.js';

/** The issuer the Bot Framework channel puts in tokens it sends to bots (public cloud). */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
/** The audience/scope of tokens a bot sends to the channel. */
export const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com';
/** Tenant AAD uses for multi-tenant bots (`botframework.com`). */
const BOT_FRAMEWORK_TENANT_ID = 'd6d49420-f39b-4df7-a1dc-d59a935871db';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** A fresh RSA key pair; sign with one the JWKS does not list to play an attacker. */
export function createSigningKey(kid = randomUUID()): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey };
}

/** A compact RS256 JWT, signed with node:crypto (PKCS#1 v1.5 over SHA-256). */
export function signJwt(payload: Record<string, unknown>, key: SigningKey, kid = key.kid): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode({ alg: 'RS256', typ: 'JWT', kid, x5t: kid })}.${encode(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
}

export interface ChannelTokenInput {
  /** The bot's Microsoft App ID; becomes `aud`. */
  appId: string;
  /** Must equal the activity's `serviceUrl` (`serviceurl` claim). */
  serviceUrl: string;
  audience?: string;
  issuer?: string;
  /** Seconds from now; negative for an expired token (botbuilder allows 5 minutes of clock skew). */
  expiresInSeconds?: number;
  /** Sign with another key (default: the key the JWKS publishes). */
  signingKey?: SigningKey;
  /** Put another `kid` in the header, e.g. the trusted one while signing with an attacker's key. */
  kid?: string;
}

export interface TokenRequest {
  tenant: string;
  clientId: string;
  scope: string;
  grantType: string;
  granted: boolean;
}

export interface BotFrameworkTokenServer {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** The `iss` of the channel tokens it signs. */
  issuer: string;
  /** Where botbuilder reads the channel's OpenID configuration (`ToBotFromChannelOpenIdMetadataUrl`). */
  openIdMetadataUrl: string;
  jwksUrl: string;
  /** Stands in for `https://login.microsoftonline.com/botframework.com` (`ToChannelFromBotLoginUrl`). */
  loginUrl: string;
  /** The key published in the JWKS. */
  signingKey: SigningKey;
  /** A JWT as the Bot Framework channel sends it in `Authorization: Bearer …`. */
  issueChannelToken(input: ChannelTokenInput): string;
  /** Client-credentials requests the fake AAD received (secrets are never kept). */
  tokenRequests: TokenRequest[];
  /** True for `Bearer <token>` where the token came from this fake AAD; use as the connector's acceptAuthorization. */
  isIssuedBotToken(authorization: string | undefined): boolean;
  /** Claims of a token this fake AAD issued, e.g. to check `appid` and `tid`. */
  claimsOf(authorization: string): Record<string, unknown>;
  /**
   * Options for `ConfigurationBotFrameworkAuthentication` that keep every Bot Framework endpoint on this server:
   * public-cloud values otherwise, so nothing in a test ever reaches the internet.
   */
  authOptions(): ConfigurationBotFrameworkAuthenticationOptions;
  close(): Promise<void>;
}

export interface TokenServerOptions {
  /**
   * Channels each published key is endorsed for; botbuilder rejects other channel ids. The default is what the
   * public Bot Framework publishes for one bot registration with Web Chat and Direct Line enabled beside Teams.
   */
  endorsements?: string[];
  /** Registered bot apps (app id → password); when given, the fake AAD refuses other client credentials. */
  apps?: Record<string, string>;
  /** The `iss` of channel tokens (default: the public cloud's); another keeps them from passing as public-cloud tokens. */
  issuer?: string;
}

/** Local OpenID metadata + JWKS (the channel side) and a client-credentials token endpoint (the AAD side). */
export async function startBotFrameworkTokenServer(
  options: TokenServerOptions = {},
): Promise<BotFrameworkTokenServer> {
  const signingKey = createSigningKey();
  const issuer = options.issuer ?? BOT_FRAMEWORK_ISSUER;
  const issued = new Map<string, Record<string, unknown>>();
  const tokenRequests: TokenRequest[] = [];
  const server = createServer((req, res) => {
    void route(req, res).catch(() => json(res, 500, { error: 'server_error' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // botbuilder caches signing keys per metadata URL for 24 hours: a unique path keeps a reused port from
  // serving a later server's tokens against an earlier server's keys.
  const metadataBase = `/${randomUUID()}/v1/.well-known`;
  const openIdMetadataUrl = `${origin}${metadataBase}/openidconfiguration`;
  const jwksUrl = `${origin}${metadataBase}/keys`;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', origin).pathname;
    if (req.method === 'GET' && path === `${metadataBase}/openidconfiguration`) {
      json(res, 200, {
        issuer,
        authorization_endpoint: `${origin}${metadataBase}/authorize`,
        jwks_uri: jwksUrl,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
      return;
    }
    if (req.method === 'GET' && path === `${metadataBase}/keys`) {
      const jwk = signingKey.publicKey.export({ format: 'jwk' });
      const endorsements = options.endorsements ?? ['msteams', 'webchat', 'directline'];
      json(res, 200, {
        keys: [{ kty: jwk.kty, use: 'sig', kid: signingKey.kid, n: jwk.n, e: jwk.e, endorsements }],
      });
      return;
    }
    const tokenPath = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path);
    if (req.method === 'POST' && tokenPath?.[1]) {
      const form = new URLSearchParams(await readBody(req));
      const clientId = form.get('client_id') ?? '';
      const expected = options.apps?.[clientId];
      const granted =
        form.get('grant_type') === 'client_credentials' &&
        clientId !== '' &&
        (options.apps === undefined || (expected !== undefined && expected === form.get('client_secret')));
      const tenant = decodeURIComponent(tokenPath[1]);
      const scope = form.get('scope') ?? '';
      tokenRequests.push({ tenant, clientId, scope, grantType: form.get('grant_type') ?? '', granted });
      if (!granted) {
        json(res, 401, { error: 'invalid_client', error_description: 'Client credentials are not valid.' });
        return;
      }
      const tid = tenant === 'botframework.com' ? BOT_FRAMEWORK_TENANT_ID : tenant;
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        aud: scope.replace(/\/\.default$/, ''),
        iss: `https://sts.windows.net/${tid}/`,
        appid: clientId,
        tid,
        ver: '1.0',
        iat: now,
        nbf: now,
        exp: now + 3600,
      };
      const accessToken = signJwt(claims, signingKey);
      issued.set(accessToken, claims);
      json(res, 200, {
        token_type: 'Bearer',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: accessToken,
      });
      return;
    }
    json(res, 404, { error: 'not_found' });
  }

  return {
    origin,
    issuer,
    openIdMetadataUrl,
    jwksUrl,
    loginUrl: `${origin}/botframework.com`,
    signingKey,
    tokenRequests,
    issueChannelToken: (input) => {
      const now = Math.floor(Date.now() / 1000);
      const payload = {
        serviceurl: input.serviceUrl,
        nbf: now - 60,
        exp: now + (input.expiresInSeconds ?? 3600),
        iss: input.issuer ?? issuer,
        aud: input.audience ?? input.appId,
      };
      return signJwt(payload, input.signingKey ?? signingKey, input.kid);
    },
    isIssuedBotToken: (authorization) => issued.has(bearer(authorization)),
    claimsOf: (authorization) => {
      const claims = issued.get(bearer(authorization));
      if (!claims) throw new Error('That token was not issued by this fake AAD');
      return claims;
    },
    authOptions: () => ({
      ToChannelFromBotLoginUrl: `${origin}/botframework.com`,
      ToChannelFromBotOAuthScope: BOT_FRAMEWORK_SCOPE,
      ToBotFromChannelTokenIssuer: issuer,
      OAuthUrl: `${origin}/oauth-api`,
      ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: openIdMetadataUrl,
      CallerId: 'urn:botframework:azure',
      ValidateAuthority: true,
    }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export type FakeAadCredentials = ClientSecretCredentials;

/** The app's own loopback client-credentials factory (what TEAMS_LOGIN_URL on http loopback wires), for tests. */
export const createFakeAadCredentialsFactory = (
  credentials: FakeAadCredentials,
): ServiceClientCredentialsFactory => loopbackClientSecretCredentials(credentials);

function bearer(authorization: string | undefined): string {
  return authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : '';
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
