import { z } from 'zod';
import { type ChatProvisioner, ProvisionError } from '../../ports/chat-provisioner.js';
import { DeliveryError } from '../../ports/messenger.js';
import type { ChatPermissionMemory } from '../../spaces/chat-permission.js';
import type { CoreDeps } from '../deps.js';
import { parseInput } from '../shared/parse-input.js';

export const reachPersonInput = z.object({
  tenantId: z.string().min(1).max(255),
  platformUserId: z.string().min(1).max(255),
});
export type ReachPersonInput = z.input<typeof reachPersonInput>;

export interface ReachDeps {
  core: CoreDeps;
  provisioner: ChatProvisioner;
  /** Whether the tenant lets Triad install itself for people (its own memory: another permission than chats'). */
  permissions: ChatPermissionMemory;
}

/**
 * - `installing`: Triad is installed for the person (now, or already); the platform tells Triad their chat;
 * - `not_granted`: the tenant's admin has not allowed Triad to install itself for people;
 * - `unknown_person`: Triad cannot tell the platform who the person is (they must open Triad themselves).
 */
export type ReachOutcome = { kind: 'installing' } | { kind: 'not_granted' } | { kind: 'unknown_person' };

/**
 * Someone Triad cannot reach (it is not installed for them: they never opened it) gets Triad installed for them,
 * where the tenant allows it (detected, not assumed; a refusal is remembered for a while). Installing twice is
 * done once. A rate limit or an outage is a retryable DeliveryError, so the message that needed them waits.
 */
export async function reachPerson(raw: ReachPersonInput, deps: ReachDeps): Promise<ReachOutcome> {
  const input = parseInput(reachPersonInput, raw);
  const { provisioner, permissions, core } = deps;
  if (permissions.refused(input.tenantId)) return { kind: 'not_granted' };
  try {
    await provisioner.installForUser(input.tenantId, input.platformUserId);
  } catch (error) {
    if (!(error instanceof ProvisionError)) throw error;
    if (error.kind === 'unknown_person') return { kind: 'unknown_person' };
    if (error.kind === 'not_granted') {
      permissions.noteRefused(input.tenantId);
      return { kind: 'not_granted' };
    }
    if (error.kind === 'rate_limited') throw new DeliveryError('rate_limited', true, error.retryAfterMs);
    throw new DeliveryError('chat_service_unavailable', true);
  }
  permissions.noteGranted(input.tenantId);
  core.logger.info({ tenantId: input.tenantId }, 'installed for a person who had not opened Triad');
  return { kind: 'installing' };
}
