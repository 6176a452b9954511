import type { z } from 'zod';
import { TriadError } from '../../errors.js';

/** Validates a use case's input, turning the first problem into a readable TriadError. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
  throw new TriadError('validation_failed', `${issue?.message ?? 'That request is not valid.'}${where}`);
}
