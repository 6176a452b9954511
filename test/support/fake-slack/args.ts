/** Reading Web API arguments that may arrive form-encoded (all strings) or as JSON (typed). */

export class SlackApiError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

/** Answer the current call with `{ ok: false, error: code }`. */
export function fail(code: string, extra: Record<string, unknown> = {}): never {
  throw new SlackApiError(code, extra);
}

export type Args = Record<string, unknown>;

/** Fields Slack documents as "JSON-encoded string" when form-encoded. */
export const JSON_FIELDS = ['blocks', 'attachments', 'metadata', 'view', 'unfurls', 'user_auth_blocks'];

export function decodeJsonFields(args: Args): Args {
  const out: Args = { ...args };
  for (const key of JSON_FIELDS) {
    const value = out[key];
    if (typeof value !== 'string' || value === '') continue;
    try {
      out[key] = JSON.parse(value);
    } catch {
      // Left as the raw string: the method answers with its own format error.
    }
  }
  return out;
}

export function str(args: Args, key: string): string | undefined {
  const value = args[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function bool(args: Args, key: string): boolean | undefined {
  const value = args[key];
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1' || value === 1) return true;
  if (value === 'false' || value === '0' || value === 0) return false;
  return undefined;
}

export function int(args: Args, key: string): number | undefined {
  const value = args[key];
  const n =
    typeof value === 'number' ? value : typeof value === 'string' ? Number.parseInt(value, 10) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** A comma-separated list (`users=U1,U2`) or a JSON array. */
export function list(args: Args, key: string): string[] {
  const value = args[key];
  if (Array.isArray(value)) return value.map(String).filter((s) => s !== '');
  if (typeof value !== 'string') return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Offset-based cursor, opaque to callers like Slack's. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64');
}

export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!match?.[1]) fail('invalid_cursor');
  return Number(match[1]);
}

export function page<T>(items: T[], args: Args, defaultLimit: number): { items: T[]; next_cursor: string } {
  const start = decodeCursor(str(args, 'cursor'));
  const limit = Math.max(1, Math.min(int(args, 'limit') ?? defaultLimit, 1000));
  const slice = items.slice(start, start + limit);
  const next = start + limit < items.length ? encodeCursor(start + limit) : '';
  return { items: slice, next_cursor: next };
}

/** Orders Slack timestamps (`seconds.micros`) exactly; Number() would lose the last microsecond digits. */
export function compareTs(a: string, b: string): number {
  const key = (ts: string): string => {
    const [seconds = '0', micros = '0'] = ts.split('.');
    return `${seconds.padStart(12, '0')}.${micros.padEnd(6, '0')}`;
  };
  const ka = key(a);
  const kb = key(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
