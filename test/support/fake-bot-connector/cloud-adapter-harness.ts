import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Activity,
  CloudAdapter,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import {
  PUBLIC_CLOUD_ENDPOINTS,
  StrictBotFrameworkAuthentication,
} from '../../../adapters/teams/bot-authentication.js';

// The production authentication, so the harness proves exactly what the adapter runs.
export { PUBLIC_CLOUD_ENDPOINTS, StrictBotFrameworkAuthentication };

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
