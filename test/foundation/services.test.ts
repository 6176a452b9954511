import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startPrivatePostgres, startPrivateRedis } from '../support/services/index.js';
import { createTestDatabase } from '../support/test-database.js';

const clients: Array<{ end(): Promise<unknown> }> = [];
afterAll(async () => {
  await Promise.all(clients.map((client) => client.end()));
});

function sqlClient(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  clients.push({ end: () => sql.end({ timeout: 1 }) });
  return sql;
}

function redisClient(url: string) {
  const client = new Redis(url, { maxRetriesPerRequest: null });
  clients.push({ end: async () => client.disconnect() });
  return client;
}

describe('the shared test servers', () => {
  it('answer on the URLs the global setup provides', async () => {
    const sql = sqlClient(inject('databaseUrl'));
    expect(await sql`select 1 as one`).toEqual([{ one: 1 }]);
    expect(await redisClient(inject('redisUrl')).ping()).toBe('PONG');
  });

  it('give each caller its own migrated database, also when created concurrently', async () => {
    const databases = await Promise.all([createTestDatabase(), createTestDatabase(), createTestDatabase()]);
    try {
      expect(new Set(databases.map((db) => db.url)).size).toBe(3);
      const [first, second] = databases.map((db) => db.sql);
      if (!first || !second) throw new Error('expected three databases');
      await first`create table only_here (n int)`;
      expect(await first`select to_regclass('only_here') is not null as found`).toEqual([{ found: true }]);
      expect(await second`select to_regclass('only_here') is not null as found`).toEqual([{ found: false }]);
    } finally {
      await Promise.all(databases.map((db) => db.drop()));
    }
    const sql = sqlClient(inject('databaseUrl'));
    const left =
      await sql`select datname from pg_database where datname = any(${databases.map((db) => new URL(db.url).pathname.slice(1))})`;
    expect(left).toEqual([]);
  });
});

describe('a private PostgreSQL for fault tests', () => {
  it('keeps committed data across restarts, clean or crashed, on the same URL', async () => {
    const server = await startPrivatePostgres();
    try {
      const writer = postgres(server.url, { max: 1, onnotice: () => {} });
      await writer`create table note (body text)`;
      await writer`insert into note values ('kept')`;
      await writer.end();

      await server.restart();
      const afterClean = sqlClient(server.url);
      expect(await afterClean`select body from note`).toEqual([{ body: 'kept' }]);

      await server.restart({ immediate: true });
      const afterCrash = sqlClient(server.url);
      expect(await afterCrash`select body from note`).toEqual([{ body: 'kept' }]);
    } finally {
      await server.stop();
    }
    expect(existsSync(server.dataDir)).toBe(false);
  });

  it('refuses connections while stopped and serves again once started', async () => {
    const server = await startPrivatePostgres();
    try {
      await server.stopKeepingData();
      const offline = postgres(server.url, { max: 1, connect_timeout: 2, onnotice: () => {} });
      await expect(offline`select 1`).rejects.toThrow();
      await offline.end();

      await server.start();
      expect(await sqlClient(server.url)`select 1 as one`).toEqual([{ one: 1 }]);
    } finally {
      await server.stop();
    }
  });
});

describe('a private Redis for fault tests', () => {
  it('keeps keys across a plain restart and loses them when restarted empty', async () => {
    const server = await startPrivateRedis();
    try {
      const before = new Redis(server.url, { maxRetriesPerRequest: null });
      await before.set('engagement:1', 'open');
      before.disconnect();

      await server.restart();
      const survivor = redisClient(server.url);
      expect(await survivor.get('engagement:1')).toBe('open');

      await server.restart({ empty: true });
      const fresh = redisClient(server.url);
      expect(await fresh.get('engagement:1')).toBeNull();
    } finally {
      await server.stop();
    }
  });
});
