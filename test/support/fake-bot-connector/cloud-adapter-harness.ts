import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  StatusCodes,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationError, type ServiceClientCredentialsFactory } from 'botframework-connector';

/**
 * Public-cloud Bot Framework endpoints, spelled out: once one endpoint is overridden (the OpenID metadata URL in
 * tests), botbuilder treats every endpoint as given, so all of them must be present.
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

/** The construction recommended for the Teams adapter, with the endpoints and credentials a test swaps in. */
export function createTestCloudAdapter(
  credentialsFactory: ServiceClientCredentialsFactory,
  endpoints: ConfigurationBotFrameworkAuthenticationOptions = {},
): CloudAdapter {
  const auth = new StrictBotFrameworkAuthentication(
    { ...PUBLIC_CLOUD_ENDPOINTS, ...endpoints },
    credentialsFactory,
  );
  return new CloudAdapter(auth);
}

export interface BotEndpoint {
  /** `http://127.0.0.1:<port>/api/messages`. */
  url: string;
  /** Activities whose turn reached the bot logic. */
  turns: Partial<Activity>[];
  /** Errors the adapter's `onTurnError` caught. */
  turnErrors: unknown[];
  close(): Promise<void>;
}

/** `/api/messages` on node:http in front of a real `CloudAdapter`, the seam the Teams adapter exposes. */
export async function startBotEndpoint(
  adapter: CloudAdapter,
  logic: (context: TurnContext) => Promise<void>,
): Promise<BotEndpoint> {
  const turns: Partial<Activity>[] = [];
  const turnErrors: unknown[] = [];
  adapter.onTurnError = async (_context, error) => {
    turnErrors.push(error);
  };
  const server = createServer(async (req, res) => {
    if (req.url !== '/api/messages') {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400).end();
      return;
    }
    const response = {
      socket: res.socket,
      status: (code: number) => {
        res.statusCode = code;
      },
      header: (name: string, value: unknown) => {
        res.setHeader(name, String(value));
      },
      send: (payload: unknown) => {
        const isText = typeof payload === 'string';
        res.setHeader('Content-Type', isText ? 'text/plain' : 'application/json');
        res.write(isText ? payload : JSON.stringify(payload));
      },
      end: () => {
        res.end();
      },
    };
    const headers = req.headers as Record<string, string | string[] | undefined>;
    await adapter.process({ body, headers, method: req.method }, response, async (context) => {
      turns.push(context.activity);
      await logic(context);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/messages`,
    turns,
    turnErrors,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
