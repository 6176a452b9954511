import { z } from 'zod';
import { TriadError } from '../../errors.js';
import { command, phrase } from '../../messages/command-hint.js';
import { goalForm } from '../../messages/compose/goal-replies.js';
import { inTransaction } from '../../outbox/unit.js';
import { mayRead } from '../../policy/readers.js';
import { actorSchema, resolveActor } from '../actor.js';
import {
  idSchema,
  lockClientEngagement,
  parseInput,
  requireClient,
  requireWritable,
} from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import { lockEngagement } from '../shared/engagement-access.js';
import { findGoal, maxGoalLength, openGoal } from './goal-content.js';

export const openGoalFormInput = z.object({
  actor: actorSchema,
  /** Edit this goal; omit to draft a new one. */
  entryId: idSchema.optional(),
});
export type OpenGoalFormInput = z.input<typeof openGoalFormInput>;

/** The draft or edit form for a goal; when editing, the stored goal is pre-filled for the client only. */
export async function openGoalForm(raw: OpenGoalFormInput, deps: CoreDeps) {
  const input = parseInput(openGoalFormInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    if (!input.entryId) {
      const engagement = await lockClientEngagement(repos, resolved, undefined, 'draft_goal');
      requireWritable(engagement);
      return { form: await unit.reply(goalForm(engagement.id, engagement.clientId, maxGoalLength)) };
    }
    const entry = await findGoal(repos, input.entryId);
    const engagement = await lockEngagement(repos, entry.engagementId);
    requireClient(engagement, resolved, 'edit_goal');
    requireWritable(engagement);
    if (!mayRead(resolved.person?.id, entry)) {
      throw new TriadError(
        'not_found',
        'I can’t find that goal.',
        phrase`To list your goals, ${command('goals')}.`,
      );
    }
    const existing = { entryId: entry.id, ...openGoal(deps.cipher, entry), readers: entry.readers };
    return { form: await unit.reply(goalForm(engagement.id, engagement.clientId, maxGoalLength, existing)) };
  });
}
