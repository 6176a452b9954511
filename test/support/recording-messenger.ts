import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderMessageText } from '../../adapters/local/render-text.js';
import type { Platform } from '../../src/engagement/records.js';
import { DeliveryError, type Messenger } from '../../src/ports/messenger.js';

/**
 * A tiny HTTP "platform" for delivery tests: it records every message, membership change and opened
 * conversation, so several worker processes posting to it can be checked for exactly-once delivery. Faults
 * model what Slack does: 429 with Retry-After, 5xx, a dropped connection after the message was posted.
 */
export interface SinkMessage {
  seq: number;
  messageId: string;
  conversation: string;
  thread: string | null;
  outboxId: string;
  /** Which process posted it (the messenger's `sender`). */
  sender: string;
  summary: string;
  text: string;
  at: number;
}

export type SinkFault =
  | { kind: 'status'; status: 429; retryAfterSeconds: number }
  | { kind: 'status'; status: 500 | 404 }
  /** Records the message, then drops the connection: the sender cannot know it was posted. */
  | { kind: 'drop_after_post' };

export interface SinkOptions {
  /** Answer 429 (Retry-After: 1) to a second message in the same conversation within this many ms. */
  conversationIntervalMs?: number;
  /** Wait this long before answering a send (to catch a worker in the middle of a batch). */
  latencyMs?: number;
}

export interface MessageSink {
  readonly url: string;
  readonly messages: SinkMessage[];
  readonly memberships: { conversation: string; change: 'add' | 'remove'; user: string }[];
  readonly opened: { conversation: string; members: string[] }[];
  /** Messages taken back (deleted from `messages`), in the order it happened. */
  readonly retracted: SinkMessage[];
  /** 429 answers given. */
  readonly rateLimited: { conversation: string; outboxId: string; at: number }[];
  /** The outbox ids of sends that reached the platform, answered or not (with `latencyMs`, one in flight at once). */
  readonly arrivals: string[];
  /** Applies these faults, in order, to the next sends. */
  failNext(...faults: SinkFault[]): void;
  close(): Promise<void>;
}

export async function startMessageSink(options: SinkOptions = {}): Promise<MessageSink> {
  const messages: SinkMessage[] = [];
  const memberships: MessageSink['memberships'] = [];
  const opened: MessageSink['opened'] = [];
  const retracted: SinkMessage[] = [];
  const rateLimited: MessageSink['rateLimited'] = [];
  const faults: SinkFault[] = [];
  const lastPost = new Map<string, number>();
  const arrivals: string[] = [];

  const send = async (body: Record<string, string>, res: ServerResponse) => {
    arrivals.push(body.outboxId ?? '');
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    const fault = faults.shift();
    if (fault?.kind === 'status') {
      if (fault.status === 429) {
        rateLimited.push({
          conversation: body.conversation ?? '',
          outboxId: body.outboxId ?? '',
          at: Date.now(),
        });
        res.setHeader('retry-after', String(fault.retryAfterSeconds));
      }
      return reply(res, fault.status, { ok: false });
    }
    const conversation = body.conversation ?? '';
    const interval = options.conversationIntervalMs;
    const previous = lastPost.get(conversation);
    if (interval && previous !== undefined && Date.now() - previous < interval) {
      rateLimited.push({ conversation, outboxId: body.outboxId ?? '', at: Date.now() });
      res.setHeader('retry-after', '1');
      return reply(res, 429, { ok: false });
    }
    lastPost.set(conversation, Date.now());
    const seq = messages.length + 1;
    const message: SinkMessage = {
      seq,
      messageId: `m${seq}`,
      conversation,
      thread: body.thread ?? null,
      outboxId: body.outboxId ?? '',
      sender: body.sender ?? '',
      summary: body.summary ?? '',
      text: body.text ?? '',
      at: Date.now(),
    };
    messages.push(message);
    if (fault?.kind === 'drop_after_post') return res.socket?.destroy();
    reply(res, 200, { ok: true, messageId: message.messageId, thread: body.thread ?? message.messageId });
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://sink');
    const body = req.method === 'POST' ? await readJson(req) : {};
    switch (url.pathname) {
      case '/send':
        return send(body as Record<string, string>, res);
      case '/find': {
        const conversation = url.searchParams.get('conversation');
        const outboxId = url.searchParams.get('outboxId');
        const found = messages.find((m) => m.conversation === conversation && m.outboxId === outboxId);
        return reply(res, 200, { messageId: found?.messageId ?? null });
      }
      case '/open': {
        const conversation = String(body.conversation);
        if (!opened.some((o) => o.conversation === conversation)) {
          opened.push({ conversation, members: (body.members as string[]) ?? [] });
        }
        return reply(res, 200, { conversation });
      }
      case '/retract': {
        const index = messages.findIndex(
          (m) => m.conversation === body.conversation && m.messageId === body.messageId,
        );
        if (index >= 0) retracted.push(...messages.splice(index, 1));
        return reply(res, 200, { ok: true });
      }
      case '/member':
        memberships.push(body as MessageSink['memberships'][number]);
        return reply(res, 200, { ok: true });
      default:
        return reply(res, 404, { ok: false });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    messages,
    memberships,
    opened,
    retracted,
    rateLimited,
    arrivals,
    failNext: (...next) => faults.push(...next),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The Messenger of a platform that is really the sink above; usable from any process that knows its URL. */
export function httpMessenger(baseUrl: string, platform: Platform = 'slack', sender = 'test'): Messenger {
  const call = async (path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (response.status === 429) {
      const seconds = Number(response.headers.get('retry-after') ?? '1');
      throw new DeliveryError('rate_limited', true, seconds * 1000);
    }
    if (response.status === 404) throw new DeliveryError('channel_not_found', false);
    if (!response.ok) throw new DeliveryError(`http_${response.status}`, true);
    return (await response.json()) as Record<string, unknown>;
  };
  const conversationOf = (address: unknown) => String((address as { conversation?: string }).conversation);
  return {
    platform,
    openSpace: async (request) =>
      call('/open', {
        conversation: `${request.kind}.${request.engagementId}`,
        members: request.memberPlatformUserIds,
      }),
    openDirect: async (userId) => call('/open', { conversation: `dm.${userId}`, members: [userId] }),
    async send(address, message, options) {
      const thread = (options.threadAddress as { thread?: string } | undefined)?.thread;
      const answer = await call('/send', {
        conversation: conversationOf(address),
        thread,
        outboxId: options.outboxId,
        sender,
        summary: message.summary.text,
        text: renderMessageText(message),
      });
      return {
        messageId: String(answer.messageId),
        ...(thread
          ? {}
          : { threadAddress: { conversation: conversationOf(address), thread: answer.thread } }),
      };
    },
    async findSent(address, outboxId) {
      const query = new URLSearchParams({ conversation: conversationOf(address), outboxId });
      const answer = await call(`/find?${query}`);
      return typeof answer.messageId === 'string' ? answer.messageId : undefined;
    },
    retract: async (address, messageId) => {
      await call('/retract', { conversation: conversationOf(address), messageId });
    },
    addMember: async (address, user) => {
      await call('/member', { conversation: conversationOf(address), change: 'add', user });
    },
    removeMember: async (address, user) => {
      await call('/member', { conversation: conversationOf(address), change: 'remove', user });
    },
  };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length === 0
    ? {}
    : (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
