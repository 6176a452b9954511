import {
  type AuthenticationProvider,
  Client,
  type Context,
  HTTPMessageHandler,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { ProvisionError } from '../../../src/ports/chat-provisioner.js';
import { DEFAULT_RATE_LIMIT_WAIT_MS, retryAfterMs } from '../delivery-errors.js';
import { type GraphAppCredentials, graphTokenProvider } from './graph-tokens.js';

/** The name a refused token request carries through Graph's error handling (which keeps only the name). */
const TOKEN_REFUSED = 'GraphTokenRefused';

/** Entra ID said no (the app is not consented in the tenant, bad credentials): not a passing outage. */
function refusedToken(error: unknown): boolean {
  const failure = error as { statusCode?: unknown; name?: unknown } | null;
  const status = typeof failure?.statusCode === 'number' ? failure.statusCode : undefined;
  return failure?.name === 'AuthenticationError' || (status !== undefined && status >= 400 && status < 500);
}

/**
 * Puts the tenant's token on every request. Graph's own AuthenticationHandler only signs requests to the hosts
 * it knows over https; the configured base URL (a sovereign cloud, a local stand-in) is signed the same way.
 */
class BearerToken implements Middleware {
  private next: Middleware | undefined;

  constructor(private readonly provider: AuthenticationProvider) {}

  async execute(context: Context): Promise<void> {
    const token = await this.provider.getAccessToken().catch((error: unknown) => {
      throw refusedToken(error) ? Object.assign(new Error('token refused'), { name: TOKEN_REFUSED }) : error;
    });
    const headers = new Headers(context.options?.headers as ConstructorParameters<typeof Headers>[0]);
    headers.set('Authorization', `Bearer ${token}`);
    context.options = { ...context.options, headers };
    if (!this.next) throw new Error('the Graph middleware chain has no end');
    await this.next.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/**
 * One Graph client per tenant, on the configured base URL. No retry middleware: a 429 or an outage goes back to
 * the caller (a delivery worker), which tries again later from the outbox instead of holding a worker.
 */
export class GraphClients {
  private readonly clients = new Map<string, Client>();

  constructor(private readonly app: GraphAppCredentials) {}

  forTenant(tenantId: string): Client {
    let client = this.clients.get(tenantId);
    if (!client) {
      const auth = new BearerToken(graphTokenProvider(this.app, tenantId));
      auth.setNext(new HTTPMessageHandler());
      client = Client.initWithMiddleware({
        middleware: auth,
        baseUrl: this.app.graphBaseUrl.replace(/\/+$/, ''),
        defaultVersion: 'v1.0',
      });
      this.clients.set(tenantId, client);
    }
    return client;
  }
}

interface GraphFailure {
  statusCode?: unknown;
  code?: unknown;
  headers?: { get?(name: string): string | null };
}

/** Graph's HTTP status of a failure, when it answered. */
export const graphStatus = (error: unknown): number | undefined => {
  const status = (error as GraphFailure | null)?.statusCode;
  return typeof status === 'number' && status > 0 ? status : undefined;
};

/**
 * Graph's answer as the port's error: 403 (and 401: no token for the tenant) means the permission is not
 * granted; 429 waits Retry-After; anything else may pass on a later try.
 */
export function toProvisionError(error: unknown): ProvisionError {
  if (error instanceof ProvisionError) return error;
  const status = graphStatus(error);
  const tokenRefused = (error as GraphFailure | null)?.code === TOKEN_REFUSED;
  if (tokenRefused || status === 401 || status === 403) return new ProvisionError('not_granted');
  if (status === 429) {
    const header = (error as GraphFailure).headers?.get?.('retry-after');
    return new ProvisionError('rate_limited', retryAfterMs(header) ?? DEFAULT_RATE_LIMIT_WAIT_MS);
  }
  return new ProvisionError('unavailable');
}
