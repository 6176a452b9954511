import { z } from 'zod';
import { coachProfileForm } from '../../messages/compose/coach-profile.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, resolveActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { parseInput } from '../shared/parse-input.js';
import { profileEditor } from './profile-access.js';

export const openCoachProfileFormInput = z.object({
  actor: actorSchema,
  /** The coach whose profile opens (from an "Edit the profile" button); left out, the actor's own. */
  coachId: z.uuid('That coach id is not valid.').optional(),
});
export type OpenCoachProfileFormInput = z.input<typeof openCoachProfileFormInput>;

/**
 * The profile form, pre-filled: for a coach their own (the DM word `profile` or their button), for HR any coach
 * of the organisation (the button under `profile coach:@kim`). Anyone else is refused and shown nothing.
 */
export async function openCoachProfileForm(raw: OpenCoachProfileFormInput, deps: CoreDeps) {
  const input = parseInput(openCoachProfileFormInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    const coach = input.coachId ? await repos.people.get(input.coachId) : resolved.person;
    const editor = await profileEditor(repos, resolved, coach);
    const profile = await repos.coachProfiles.find(editor.coach.organisationId, editor.coach.id);
    return {
      coachId: editor.coach.id,
      form: await unit.reply(coachProfileForm(editor.coach, profile, editor.reader)),
    };
  });
}
