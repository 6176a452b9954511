import { z } from 'zod';
import { TriadError } from '../../errors.js';
import { command, phrase } from '../../messages/command-hint.js';
import { adminsMessage } from '../../messages/compose/admins.js';
import { inTransaction, type Unit } from '../../outbox/unit.js';
import { type Actor, actorSchema, type ResolvedActor, requireHr, resolveActor } from '../actor.js';
import type { DirectoryDeps } from '../deps.js';
import { ensureOrganisation, lookupHuman } from '../people.js';
import { parseInput } from '../shared/parse-input.js';
import { adminRows, nameOf } from './admin-names.js';
import { coachesIn } from './make-first-admin.js';

export const listAdminsInput = z.object({ actor: actorSchema });
export type ListAdminsInput = z.input<typeof listAdminsInput>;

export const changeAdminsInput = z.object({
  actor: actorSchema,
  /** The person added or removed, as the platform identifies them (the dialect resolved the @mention). */
  platformUserId: z.string().min(1).max(100),
});
export type ChangeAdminsInput = z.input<typeof changeAdminsInput>;

/** The admin list as the reply to `actor`, with what the request changed. */
async function listReply(
  unit: Unit,
  deps: DirectoryDeps,
  resolved: ResolvedActor,
  actor: Actor,
  note?: string,
) {
  const organisationId = resolved.organisation.id;
  const admins = organisationId ? await unit.repos.organisationAdmins.list(organisationId) : [];
  const rows = await adminRows(unit.repos, deps, organisationId, admins);
  const message = adminsMessage({
    personId: resolved.person?.id ?? actor.platformUserId,
    admins: rows,
    ...(note ? { note } : {}),
  });
  return { reply: await unit.reply(message) };
}

/** `admins`: the organisation's HR admins, for an HR admin. */
export async function listAdmins(raw: ListAdminsInput, deps: DirectoryDeps) {
  const input = parseInput(listAdminsInput, raw);
  return inTransaction(deps, async (unit) => {
    const resolved = await resolveActor(unit.repos, deps, input.actor);
    requireHr(resolved, 'list_admins');
    return listReply(unit, deps, resolved, input.actor);
  });
}

/**
 * `admins add @u`: gives a person HR rights over the organisation, from their next request on. Refused for a
 * bot, someone not in the workspace, and anyone coaching in a live engagement of the organisation (whoever has HR
 * rights never coaches in it). Adding an admin again changes nothing. Audited as `hr_admin_added`.
 */
export async function addAdmin(raw: ChangeAdminsInput, deps: DirectoryDeps) {
  const input = parseInput(changeAdminsInput, raw);
  const first = await resolveActor(deps.uow.read, deps, input.actor);
  requireHr(first, 'manage_admins');
  const profile = await lookupHuman(deps.directory, input.platformUserId, 'person to add');
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    requireHr(resolved, 'manage_admins');
    const organisation = await ensureOrganisation(repos, deps, resolved.organisation);
    const here = { ...resolved, organisation };
    await refuseCoach(unit, organisation.id, input.platformUserId, profile.displayName);
    await repos.organisationAdmins.listForUpdate(organisation.id);
    const added = await repos.organisationAdmins.insert({
      id: deps.ids.newId(),
      organisationId: organisation.id,
      platformUserId: input.platformUserId,
      addedByUserId: input.actor.platformUserId,
      addedAt: deps.clock.now(),
    });
    if (!added) {
      return listReply(unit, deps, here, input.actor, `${profile.displayName} is already an HR admin.`);
    }
    await unit.audit({
      engagementId: null,
      actorId: resolved.person?.id ?? null,
      action: 'hr_admin_added',
      details: {
        organisationId: organisation.id,
        platformUserId: input.platformUserId,
        byUserId: input.actor.platformUserId,
      },
    });
    return listReply(unit, deps, here, input.actor, `${profile.displayName} is now an HR admin.`);
  });
}

/**
 * `admins remove @u`: takes a person's HR rights over the organisation away, from their next request on. Never
 * the last admin of the list: someone must be left to manage it. A configured admin (`HR_ADMINS`) keeps their
 * rights until the configuration changes, and is told so. Audited as `hr_admin_removed`, with what the row said.
 */
export async function removeAdmin(raw: ChangeAdminsInput, deps: DirectoryDeps) {
  const input = parseInput(changeAdminsInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    requireHr(resolved, 'manage_admins');
    const organisationId = resolved.organisation.id;
    const name = await nameOf(repos, deps, organisationId, input.platformUserId);
    const admins = organisationId ? await repos.organisationAdmins.listForUpdate(organisationId) : [];
    const target = admins.find((admin) => admin.platformUserId === input.platformUserId);
    if (!target) {
      const configured = deps.settings.hrAdmins.includes(input.platformUserId);
      throw new TriadError(
        'not_found',
        configured
          ? `${name} has HR rights from the server configuration (HR_ADMINS), not from this list.`
          : `${name} is not an HR admin of this organisation.`,
        configured
          ? 'Whoever runs Triad removes them from HR_ADMINS.'
          : phrase`${command('admins')} shows who is.`,
      );
    }
    if (admins.length === 1) {
      throw new TriadError(
        'illegal_transition',
        `${name} is the last HR admin of this organisation, so they stay.`,
        'Add another HR admin first; then this one can be removed.',
      );
    }
    await repos.organisationAdmins.remove(organisationId, input.platformUserId);
    await unit.audit({
      engagementId: null,
      actorId: resolved.person?.id ?? null,
      action: 'hr_admin_removed',
      details: {
        organisationId,
        platformUserId: target.platformUserId,
        addedByUserId: target.addedByUserId,
        addedAt: target.addedAt.toISOString(),
        byUserId: input.actor.platformUserId,
      },
    });
    return listReply(unit, deps, resolved, input.actor, `${name} is no longer an HR admin.`);
  });
}

/** Whoever coaches in a live engagement of the organisation (or is on its shortlist) is never made HR. */
async function refuseCoach(unit: Unit, organisationId: string, platformUserId: string, name: string) {
  const coaching = await coachesIn(unit, organisationId, platformUserId);
  if (!coaching) return;
  throw new TriadError(
    'same_person_twice',
    `${name} coaches in an engagement of this organisation, and whoever has HR rights never coaches in it.`,
    'Choose someone who is not coaching here, or reassign their engagements first.',
  );
}
