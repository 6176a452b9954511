import { z } from 'zod';
import { TriadError } from '../../errors.js';
import { coachProfileReply } from '../../messages/compose/coach-profile.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, requireHr, requireHrRights, resolveActor } from '../actor.js';
import type { DirectoryDeps } from '../deps.js';
import { ensurePerson, lookupHuman } from '../people.js';
import { parseInput } from '../shared/parse-input.js';
import { profileEditor } from './profile-access.js';

export const showCoachProfileInput = z.object({
  actor: actorSchema,
  /** The coach HR named, as the platform identifies them. */
  coachUserId: z.string().min(1).max(100),
});
export type ShowCoachProfileInput = z.input<typeof showCoachProfileInput>;

/**
 * HR's `profile coach:@kim`: the coach's profile as clients will see it, with the button that opens its form
 * (a form opens from a click on every platform). Only HR of the organisation, for one of its coaches; an HR
 * admin Triad has not met yet is added as a person, as their first command would.
 */
export async function showCoachProfile(raw: ShowCoachProfileInput, deps: DirectoryDeps) {
  const input = parseInput(showCoachProfileInput, raw);
  const before = await requireHrRights(deps, input.actor, 'edit_coach_profile');
  const hrProfile = before.person
    ? undefined
    : await lookupHuman(deps.directory, input.actor.platformUserId, 'HR admin');
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    requireHr(resolved, 'edit_coach_profile');
    const organisationId = resolved.organisation.id;
    if (!organisationId) {
      throw new TriadError('not_found', 'Your organisation has no engagements yet, so it has no coaches.');
    }
    const person =
      resolved.person ?? (hrProfile && (await ensurePerson(repos, deps, organisationId, hrProfile)));
    const coach = await repos.people.findByPlatformUser(organisationId, input.coachUserId);
    const editor = await profileEditor(repos, { ...resolved, person }, coach);
    const profile = await repos.coachProfiles.find(organisationId, editor.coach.id);
    return { reply: await unit.reply(coachProfileReply(editor.coach, profile, editor.reader)) };
  });
}
