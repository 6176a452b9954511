export type { PrivatePostgres, PrivatePostgresOptions, StopOptions } from './private-postgres.js';
export { startPrivatePostgres } from './private-postgres.js';
export type { PrivateRedis, PrivateRedisOptions, RestartOptions } from './private-redis.js';
export { startPrivateRedis } from './private-redis.js';
