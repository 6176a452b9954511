import { isTriadError } from '../../../src/errors.js';
import { gatedItemsOf, type Role, type World } from './world.js';

/**
 * Runs one use case as `role`: its gated replies are kept for the scans, a readable refusal (TriadError) is
 * kept as text, anything else is a bug and fails the property.
 */
export async function attempt<T>(
  world: World,
  role: Role | 'job',
  ownEngagement: 0 | 1,
  call: () => Promise<T>,
): Promise<T | undefined> {
  try {
    const result = await call();
    if (role !== 'job')
      for (const item of gatedItemsOf(result)) world.replies.push({ role, ownEngagement, item });
    return result;
  } catch (error) {
    if (!isTriadError(error)) throw error;
    world.errors.push({ role: role === 'job' ? 'hr' : role, text: `${error.message} ${error.hint ?? ''}` });
    return undefined;
  }
}

/** A uuid that names nothing, for picks from an empty list. */
export const missingId = '00000000-0000-4000-8000-000000000000';

export const pickFrom = <T extends { id: string }>(items: readonly T[], pick: number): string =>
  items.length === 0 ? missingId : (items[pick % items.length] as T).id;
