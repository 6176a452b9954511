import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { serviceUrl } from './service-url.js';

export interface TestRedis {
  readonly url: string;
  /** Key prefix of this test file, a hash tag: pass it as BullMQ's `prefix` option. */
  readonly prefix: string;
  /** A new connection suitable for BullMQ (`maxRetriesPerRequest: null`), closed by `cleanup()`. */
  connection(): Redis;
  /** Deletes every key under `prefix` (and no other) and closes the connections handed out. */
  cleanup(): Promise<void>;
}

/** Redis access for one test file, isolated from other files by a unique key prefix. */
export function testRedis(): TestRedis {
  const url = serviceUrl('redisUrl');
  const prefix = `{triad-t-${randomBytes(6).toString('hex')}}`;
  const opened: Redis[] = [];
  const open = () => new Redis(url, { maxRetriesPerRequest: null });
  return {
    url,
    prefix,
    connection: () => {
      const connection = open();
      opened.push(connection);
      return connection;
    },
    cleanup: async () => {
      const client = open();
      try {
        await deleteKeys(client, `${escapeGlob(prefix)}*`);
      } finally {
        client.disconnect();
      }
      await Promise.all(opened.splice(0).map((connection) => connection.quit().catch(() => undefined)));
    },
  };
}

async function deleteKeys(client: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length > 0) await client.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
