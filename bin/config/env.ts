import { z } from 'zod';

/**
 * What every entry point's configuration is made of: the field shapes, and one way to parse an environment-like
 * record that names each bad variable and never echoes a secret's value. Each entry point parses only what it
 * reads (`database.config.ts`, `core.config.ts`, `app.config.ts`), once, at boot.
 */

const SECRET_KEYS = new Set([
  'DATABASE_URL',
  'REDIS_URL',
  'SLACK_SIGNING_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_CLIENT_SECRET',
  'SLACK_STATE_SECRET',
  'TEAMS_APP_PASSWORD',
  'TRIAD_ENCRYPTION_KEYS',
  'OPS_TOKEN',
]);

export const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

export const url = (protocols: string[], example: string) =>
  z
    .string()
    .trim()
    .refine((value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, `must be a URL like ${example}`);

export const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** A feature switch: `on` or `off`, read as a boolean. */
export const onOff = z
  .enum(['on', 'off'], { message: 'must be on or off' })
  .transform((value) => value === 'on');

/** `k1:base64key,k2:base64key` — the first key encrypts, all keys decrypt (rotation). */
export const encryptionKeys = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const keys: { id: string; key: Buffer }[] = [];
    for (const entry of value.split(',')) {
      const [id, material] = entry.split(':');
      const key = material ? Buffer.from(material, 'base64') : Buffer.alloc(0);
      if (!id || !/^[A-Za-z0-9_-]{1,32}$/.test(id) || key.length !== 32) {
        ctx.addIssue({
          code: 'custom',
          message:
            'must be a comma-separated list of keyId:base64key, each key 32 bytes (generate one with `openssl rand -base64 32`)',
        });
        return z.NEVER;
      }
      keys.push({ id, key });
    }
    if (new Set(keys.map((k) => k.id)).size !== keys.length) {
      ctx.addIssue({ code: 'custom', message: 'key ids must be unique' });
      return z.NEVER;
    }
    return keys;
  });

export const slackUserIdList = z
  .string()
  .trim()
  .transform((value) =>
    value
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== ''),
  )
  .refine((ids) => ids.every((id) => /^[A-Za-z0-9:_-]{2,64}$/.test(id)), {
    message: 'must be a comma-separated list of platform user ids, e.g. U012ABCDEF,29:1a2b…',
  });

export const durationHours = (fallback: number) =>
  z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(fallback);

/** An optional whole number of seconds in [min, max]; empty means unset. */
export const optionalSeconds = (min: number, max: number) =>
  optionalString.pipe(
    z.coerce
      .number<string>({ message: `must be a whole number of seconds from ${min} to ${max}` })
      .int(`must be a whole number of seconds from ${min} to ${max}`)
      .min(min, `must be a whole number of seconds from ${min} to ${max}`)
      .max(max, `must be a whole number of seconds from ${min} to ${max}`)
      .optional(),
  );

export const queueName = (fallback: string) =>
  z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be letters, digits, _ or - (no colons), e.g. schedule')
    .default(fallback);

/** A whole number in [min, max], `fallback` when unset or empty. */
export const wholeNumber = (min: number, max: number, fallback: number) =>
  optionalString.pipe(
    z.coerce
      .number<string>({ message: `must be a whole number from ${min} to ${max}` })
      .int(`must be a whole number from ${min} to ${max}`)
      .min(min, `must be a whole number from ${min} to ${max}`)
      .max(max, `must be a whole number from ${min} to ${max}`)
      .default(fallback),
  );

export const postgresUrl = url(['postgres:', 'postgresql:'], 'postgres://user:password@host:5432/triad');

export class ConfigError extends Error {
  readonly code = 'config_invalid';
  constructor(
    readonly problems: string[],
    what = 'Triad cannot start',
  ) {
    super(`${what}: the configuration is invalid.\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once. Throws a ConfigError naming every bad variable; never echoes a value. */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
  what?: string,
): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? 'environment');
    const missing = issue.code === 'invalid_type' && env[variable] === undefined;
    const message = missing ? 'is missing' : issue.message;
    return `${variable} ${message}${SECRET_KEYS.has(variable) ? ' (secret; value not shown)' : ''}`;
  });
  throw new ConfigError(problems, what);
}
