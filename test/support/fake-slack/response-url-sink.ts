import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readRaw } from './http-body.js';

export interface ResponseUrlPost {
  /** The full response_url that was posted to. */
  url: string;
  /** The key given to `urlFor` (or generated). */
  key: string;
  /** Parsed JSON body (Bolt's `respond()` posts JSON), or the raw text when it is not JSON. */
  body: unknown;
  at: number;
}

export interface ResponseUrlSink {
  /** A fresh response_url, unique unless a key is given. */
  urlFor(key?: string): string;
  /** Every post received, in order. */
  readonly posts: ResponseUrlPost[];
  postsTo(urlOrKey: string): ResponseUrlPost[];
  /** Makes the next `times` posts answer with `status` (e.g. 404 for an expired response_url). */
  failNext(status: number, times?: number): void;
  close(): Promise<void>;
}

/** Stands in for Slack's response_url endpoints (hooks.slack.com/commands/…, /actions/…). */
export async function startResponseUrlSink(): Promise<ResponseUrlSink> {
  const posts: ResponseUrlPost[] = [];
  const failures: number[] = [];
  const server = createServer((req, res) => {
    readRaw(req)
      .then((raw) => {
        const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
        const match = /^\/response\/([^/]+)$/.exec(path);
        if (req.method !== 'POST' || !match?.[1]) {
          res.writeHead(404).end();
          return;
        }
        const failure = failures.shift();
        if (failure !== undefined) {
          res.writeHead(failure, { 'content-type': 'text/plain' }).end('expired_url');
          return;
        }
        const text = raw.toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // kept as text
        }
        posts.push({ url: `${origin}${path}`, key: decodeURIComponent(match[1]), body, at: Date.now() });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      })
      .catch(() => {
        res.writeHead(500).end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    urlFor: (key = randomUUID()) => `${origin}/response/${encodeURIComponent(key)}`,
    posts,
    postsTo: (urlOrKey) => posts.filter((p) => p.url === urlOrKey || p.key === urlOrKey),
    failNext: (status, times = 1) => {
      for (let i = 0; i < times; i += 1) failures.push(status);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
