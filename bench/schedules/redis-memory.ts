import { Redis } from 'ioredis';

/** `used_memory` of a Redis server in bytes, after asking the allocator to release what it can. */
export async function usedMemory(redisUrl: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    await redis.call('MEMORY', 'PURGE').catch(() => undefined);
    const info = await redis.info('memory');
    const match = /^used_memory:(\d+)/m.exec(info);
    if (!match) throw new Error('INFO memory has no used_memory');
    return Number(match[1]);
  } finally {
    redis.disconnect();
  }
}

/** Number of keys in the current database. */
export async function keyCount(redisUrl: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    return await redis.dbsize();
  } finally {
    redis.disconnect();
  }
}

/** Deletes every key of the private benchmark Redis (never a shared one: the benchmark starts its own). */
export async function wipe(redisUrl: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    await redis.flushall();
  } finally {
    redis.disconnect();
  }
}

/** CPU seconds the Redis server has used (INFO cpu: user + system). */
export async function redisCpuSeconds(redisUrl: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const info = await redis.info('cpu');
    const read = (field: string) => Number(new RegExp(`^${field}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
    return read('used_cpu_user') + read('used_cpu_sys');
  } finally {
    redis.disconnect();
  }
}
