import http from 'node:http';
import https from 'node:https';

/**
 * Idle keep-alive sockets are closed after this long (undici's own default), before a server's usual 5 s, so a
 * request is not written to a socket the server is closing; a shorter `Keep-Alive: timeout` hint wins.
 */
const IDLE_SOCKET_MS = 4_000;

const agents = {
  'http:': new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' }),
  'https:': new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' }),
};

const headerText = (value: string | string[] | number | undefined): string | null =>
  value === undefined ? null : Array.isArray(value) ? value.join(', ') : String(value);

/** The response headers as the Web API client reads them (`get`, `entries`), names in lower case. */
class ReadHeaders {
  constructor(private readonly raw: http.IncomingHttpHeaders) {}

  get(name: string): string | null {
    return headerText(this.raw[name.toLowerCase()]);
  }

  *entries(): IterableIterator<[string, string]> {
    for (const [name, value] of Object.entries(this.raw)) yield [name, headerText(value) ?? ''];
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/** A whole response read into memory: the part of `Response` the Web API client uses. */
class ReadResponse {
  readonly ok: boolean;
  readonly headers: ReadHeaders;
  readonly redirected = false;
  readonly type = 'basic';

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    headers: http.IncomingHttpHeaders,
    private readonly body: Buffer,
  ) {
    this.ok = status >= 200 && status < 300;
    this.headers = new ReadHeaders(headers);
  }

  async text(): Promise<string> {
    return this.body.toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.body.toString('utf8'));
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return new Uint8Array(this.body).buffer;
  }
}

/** What a request that was not answered in full by its deadline rejects with, as fetch's own timeout does. */
class DeadlineError extends Error {
  override readonly name = 'TimeoutError';
}

/**
 * `fetch` for the Slack Web API client's requests (a POST with a form-encoded text body, no redirect followed),
 * on `node:http`/`node:https` with keep-alive sockets: the same request and answer as the built-in fetch, at well
 * under half its CPU per call (no WHATWG streams, no per-request Headers and Response objects). Anything else (a
 * file upload's multipart body, a redirect to follow) goes to the built-in fetch. Failures reject as fetch's do:
 * the client turns them into a request error (the outcome unknown, retried after a search), an abort included.
 *
 * A request not answered in full `deadlineMs` after it starts fails: the client's own `timeout` without it (an
 * `AbortSignal.timeout` and its listeners per call cost the delivery client about 40 µs of CPU a message; a timer
 * cleared on the answer costs about 1).
 */
export function leanFetchWithin(deadlineMs: number): typeof fetch {
  return (input, init) => leanRequest(input, init, deadlineMs);
}

function withDeadline(init: RequestInit | undefined, deadlineMs: number): RequestInit {
  const deadline = AbortSignal.timeout(deadlineMs);
  return { ...init, signal: init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline };
}

function leanRequest(
  input: Parameters<typeof fetch>[0],
  init: RequestInit | undefined,
  deadlineMs: number,
): Promise<Response> {
  const body = init?.body;
  if (typeof body !== 'string' || init?.redirect !== 'error' || typeof input !== 'string') {
    return globalThis.fetch(input, withDeadline(init, deadlineMs));
  }
  const url = new URL(input);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return globalThis.fetch(input, withDeadline(init, deadlineMs));
  }
  const agent = agents[url.protocol];
  const transport = url.protocol === 'https:' ? https : http;
  const headers: Record<string, string> = { ...(init.headers as Record<string, string> | undefined) };
  headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise<Response>((resolve, reject) => {
    const timer = setTimeout(
      () => request.destroy(new DeadlineError(`no answer within ${deadlineMs} ms`)),
      deadlineMs,
    );
    const fail = (error: unknown) => {
      clearTimeout(timer);
      reject(error);
    };
    const request = transport.request(
      url,
      { method: init.method ?? 'GET', headers, agent, ...(init.signal ? { signal: init.signal } : {}) },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          response.resume();
          fail(new TypeError(`unexpected redirect (${status})`));
          return;
        }
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', fail);
        response.on('close', () => {
          if (!response.complete) fail(new TypeError('response ended early'));
        });
        response.on('end', () => {
          clearTimeout(timer);
          const read = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
          resolve(
            new ReadResponse(
              input,
              status,
              response.statusMessage ?? '',
              response.headers,
              read,
            ) as unknown as Response,
          );
        });
      },
    );
    request.on('error', fail);
    request.end(body);
  });
}
