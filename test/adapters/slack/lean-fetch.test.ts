import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toDeliveryError } from '../../../adapters/slack/delivery-errors.js';
import { leanFetchWithin } from '../../../adapters/slack/lean-fetch.js';
import { createDeliveryClient, createLookupClient } from '../../../adapters/slack/slack-web-client.js';

interface Seen {
  method: string | undefined;
  url: string | undefined;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Answer = (response: http.ServerResponse, seen: Seen) => void;

let server: http.Server;
let base: string;
let answer: Answer;
const seen: Seen[] = [];

const json = (response: http.ServerResponse, body: unknown, headers: Record<string, string> = {}) => {
  const text = JSON.stringify(body);
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(text);
};

beforeEach(async () => {
  seen.length = 0;
  answer = (response) => json(response, { ok: true, ts: '1.0001' });
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const one = {
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(one);
      answer(response, one);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const leanFetch = leanFetchWithin(10_000);

const client = (timeoutMs?: number) =>
  createDeliveryClient({ token: 'xoxb-lean', apiUrl: base, logger: pino({ level: 'silent' }), timeoutMs });

describe('the delivery client on the lean fetch', () => {
  it('posts the same form-encoded request and reads the answer', async () => {
    const posted = await client().chat.postMessage({
      channel: 'D1',
      text: 'a prompt',
      blocks: JSON.stringify([{ type: 'section', text: { type: 'mrkdwn', text: 'é ü' } }]) as never,
    });
    expect(posted.ok).toBe(true);
    expect(posted.ts).toBe('1.0001');
    const [request] = seen;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/api/chat.postMessage');
    expect(request?.headers.authorization).toBe('Bearer xoxb-lean');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Number(request?.headers['content-length'])).toBe(Buffer.byteLength(request?.body ?? ''));
    const form = new URLSearchParams(request?.body);
    expect(form.get('channel')).toBe('D1');
    expect(JSON.parse(form.get('blocks') ?? '')).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'é ü' } },
    ]);
  });

  it('keeps the connection for the next call', async () => {
    const web = client();
    await web.chat.postMessage({ channel: 'D1', text: 'one' });
    await web.chat.postMessage({ channel: 'D1', text: 'two' });
    expect(seen).toHaveLength(2);
    expect(seen[1]?.headers.connection).toBe('keep-alive');
  });

  it('a 429 is a rate-limited delivery error with its Retry-After', async () => {
    answer = (response) => {
      response.writeHead(429, { 'retry-after': '7' });
      response.end();
    };
    const error = await client()
      .chat.postMessage({ channel: 'D1', text: 'x' })
      .catch((e: unknown) => e);
    const delivery = toDeliveryError(error);
    expect(delivery.code).toBe('rate_limited');
    expect(delivery.retryAfterMs).toBe(7_000);
  });

  it("Slack's refusal is a platform error; an HTTP 500 a retryable HTTP error", async () => {
    answer = (response) => json(response, { ok: false, error: 'channel_not_found' });
    const refused = await client()
      .chat.postMessage({ channel: 'D1', text: 'x' })
      .catch((e: unknown) => e);
    expect(toDeliveryError(refused)).toMatchObject({ code: 'channel_not_found', retryable: false });
    answer = (response) => {
      response.writeHead(500);
      response.end('oops');
    };
    const failed = await client()
      .chat.postMessage({ channel: 'D1', text: 'x' })
      .catch((e: unknown) => e);
    expect(toDeliveryError(failed)).toMatchObject({ code: 'http_500', retryable: true });
  });

  it('a connection cut mid-answer, or a redirect, is a network error (outcome unknown)', async () => {
    answer = (response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      response.write('{"ok":');
      setTimeout(() => response.socket?.destroy(), 10);
    };
    const cut = await client()
      .chat.postMessage({ channel: 'D1', text: 'x' })
      .catch((e: unknown) => e);
    expect(toDeliveryError(cut)).toMatchObject({ code: 'network_error', retryable: true });
    answer = (response) => {
      response.writeHead(302, { location: 'http://example.invalid/' });
      response.end();
    };
    const moved = await client()
      .chat.postMessage({ channel: 'D1', text: 'x' })
      .catch((e: unknown) => e);
    expect(toDeliveryError(moved)).toMatchObject({ code: 'network_error', retryable: true });
  });

  it('an aborted request rejects (the client times out)', async () => {
    answer = () => undefined;
    const controller = new AbortController();
    const pending = leanFetch(`${base}chat.postMessage`, {
      method: 'POST',
      body: 'channel=D1',
      redirect: 'error',
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toThrow();
  });

  it('a call Slack does not answer fails as a network error at the deadline; a slow answer inside it arrives', async () => {
    const started = Date.now();
    answer = () => undefined;
    const unanswered = await client(100)
      .chat.postMessage({ channel: 'D1', text: 'x' })
      .catch((e: unknown) => e);
    expect(toDeliveryError(unanswered)).toMatchObject({ code: 'network_error', retryable: true });
    expect(Date.now() - started).toBeLessThan(3_000);
    answer = (response) => setTimeout(() => json(response, { ok: true, ts: '2.0002' }), 50);
    const slow = await client(1_000).chat.postMessage({ channel: 'D1', text: 'x' });
    expect(slow.ts).toBe('2.0002');
  });

  it('the lookup client: each attempt has its deadline; a lookup never answered fails after its two retries', async () => {
    const started = Date.now();
    answer = () => undefined;
    const lookup = createLookupClient({
      token: 'xoxb-lean',
      apiUrl: base,
      logger: pino({ level: 'silent' }),
      timeoutMs: 100,
    });
    const unanswered = await lookup.users.info({ user: 'U1' }).catch((e: unknown) => e);
    expect(toDeliveryError(unanswered)).toMatchObject({ code: 'network_error', retryable: true });
    expect(seen).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(3_000);
    answer = (response) => json(response, { ok: true, user: { id: 'U1', tz: 'Europe/Berlin' } });
    const found = await lookup.users.info({ user: 'U1' });
    expect(found.user?.tz).toBe('Europe/Berlin');
  });

  it("makes no debug copy of a message's arguments (the SDK's, patched in patches/): each is read once, to send it", async () => {
    let reads = 0;
    const section = {
      type: 'section',
      get text() {
        reads += 1;
        return { type: 'mrkdwn', text: 'words for the client only' };
      },
    };
    await client().chat.postMessage({ channel: 'D1', text: 'x', blocks: [section] as never });
    expect(JSON.parse(new URLSearchParams(seen[0]?.body).get('blocks') ?? '')).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'words for the client only' } },
    ]);
    expect(reads).toBe(1);
  });

  it('a body that is not text goes to the built-in fetch', async () => {
    const form = new FormData();
    form.append('file', new Blob(['BEGIN:VCALENDAR']), 'invite.ics');
    const response = await leanFetch(`${base}upload`, { method: 'POST', body: form, redirect: 'error' });
    expect(response.status).toBe(200);
    expect(seen[0]?.headers['content-type']).toMatch(/^multipart\/form-data/);
  });
});
