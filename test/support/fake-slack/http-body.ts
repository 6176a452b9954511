import type { IncomingMessage } from 'node:http';
import { type Args, decodeJsonFields, fail, isRecord } from './args.js';

export async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Form fields as strings; an uploaded file is represented by its file name. */
function formToArgs(params: Iterable<[string, unknown]>): Args {
  const args: Args = {};
  for (const [key, value] of params) {
    args[key] = typeof value === 'string' ? value : String((value as { name?: unknown }).name ?? '');
  }
  return args;
}

export interface ParsedCall {
  /** Body merged over the query, JSON-valued fields decoded; never holds the token. */
  args: Args;
  token: string | undefined;
}

/**
 * Parses a Web API request the way Slack accepts it: form-encoded, multipart or JSON bodies, arguments in
 * the query string, and the token as `Authorization: Bearer` or (for form bodies) a `token` argument.
 * Throws a SlackApiError for bodies Slack would refuse.
 */
export async function parseCall(req: IncomingMessage, url: URL, raw: Buffer): Promise<ParsedCall> {
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  let body: Args = {};
  let bodyMayCarryToken = true;
  if (raw.length > 0) {
    if (contentType === 'application/json') {
      bodyMayCarryToken = false;
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw.toString('utf8'));
      } catch {
        return fail('invalid_json');
      }
      if (!isRecord(parsed)) return fail('invalid_json');
      body = parsed;
    } else if (contentType === 'application/x-www-form-urlencoded' || contentType === 'text/plain') {
      body = formToArgs(new URLSearchParams(raw.toString('utf8')));
    } else if (contentType === 'multipart/form-data') {
      const form = await new Response(raw, {
        headers: { 'content-type': String(req.headers['content-type']) },
      }).formData();
      body = formToArgs(form);
    } else if (contentType === '') {
      return fail('missing_post_type');
    } else {
      return fail('invalid_post_type');
    }
  }
  const query = formToArgs(url.searchParams);
  const merged: Args = { ...query, ...body };
  const auth = req.headers.authorization;
  const bearer = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length).trim() : undefined;
  const argToken = bodyMayCarryToken ? merged.token : query.token;
  const token = bearer || (typeof argToken === 'string' && argToken !== '' ? argToken : undefined);
  const { token: _token, ...args } = merged;
  return { args: decodeJsonFields(args), token };
}
