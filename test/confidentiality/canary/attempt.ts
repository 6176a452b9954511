import { isTriadError } from '../../../src/errors.js';
import { phraseText } from '../../support/outbox-reader.js';
import { actorFor, countCommand, type E, gatedItemsOf, type Role, viewerOf, type World } from './world.js';

/**
 * Runs one use case as `role` of engagement `ownEngagement`: its gated replies are kept for the scans (with the
 * platform id of who received them), a readable refusal (TriadError) is kept as text, anything else is a bug
 * and fails the property — except a row the cipher refused to open after the adversary swapped ciphertexts,
 * which is the defence working. `kind` names the command in the coverage table.
 */
export async function attempt<T>(
  world: World,
  role: Role | 'job',
  ownEngagement: E,
  call: () => Promise<T>,
  kind?: string,
): Promise<T | undefined> {
  const failures = world.cipherFailures;
  if (kind) countCommand(world, kind, 'ran');
  try {
    const result = await call();
    if (kind) countCommand(world, kind, 'ok');
    if (role !== 'job') {
      const viewer = viewerOf(actorFor(world, role, ownEngagement));
      for (const item of gatedItemsOf(result)) world.replies.push({ role, ownEngagement, viewer, item });
    }
    return result;
  } catch (error) {
    if (kind) countCommand(world, kind, 'refused');
    if (world.tampered && world.cipherFailures > failures && !isTriadError(error)) return undefined;
    if (!isTriadError(error)) throw error;
    world.errors.push({
      role: role === 'job' ? 'hr' : role,
      text: `${error.message} ${phraseText(error.hint)}`,
    });
    return undefined;
  }
}

/** A uuid that names nothing, for picks from an empty list. */
export const missingId = '00000000-0000-4000-8000-000000000000';

export const pickFrom = <T extends { id: string }>(items: readonly T[], pick: number): string =>
  items.length === 0 ? missingId : (items[pick % items.length] as T).id;
