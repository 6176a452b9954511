import type { AdminRow } from '../../messages/compose/admins.js';
import type { OrganisationAdmin } from '../../ports/organisation-admins.js';
import type { Repositories } from '../../ports/repositories.js';
import type { DirectoryDeps } from '../deps.js';

/**
 * A platform user's name for HR's admin views: the name Triad stored for them in this organisation, else the
 * platform directory's, else a neutral word (never their id, which means nothing to a reader).
 */
export async function nameOf(
  repos: Repositories,
  deps: DirectoryDeps,
  organisationId: string,
  platformUserId: string,
): Promise<string> {
  const person = organisationId
    ? await repos.people.findByPlatformUser(organisationId, platformUserId)
    : undefined;
  if (person) return person.displayName;
  const profile = await deps.directory.lookup(platformUserId).catch(() => undefined);
  return profile && !profile.deleted ? profile.displayName : 'a former member';
}

/** The admin list's rows: the organisation's own admins, oldest first, then the configured ones not among them. */
export async function adminRows(
  repos: Repositories,
  deps: DirectoryDeps,
  organisationId: string,
  admins: readonly OrganisationAdmin[],
): Promise<AdminRow[]> {
  const rows: AdminRow[] = [];
  const names = new Map<string, Promise<string>>();
  const name = (id: string) => {
    if (!names.has(id)) names.set(id, nameOf(repos, deps, organisationId, id));
    return names.get(id) as Promise<string>;
  };
  for (const admin of admins) {
    rows.push({
      name: await name(admin.platformUserId),
      source: admin.addedByUserId === null ? 'installer' : 'added',
      addedBy: admin.addedByUserId === null ? undefined : await name(admin.addedByUserId),
    });
  }
  const listed = new Set(admins.map((admin) => admin.platformUserId));
  for (const id of deps.settings.hrAdmins) {
    if (!listed.has(id)) rows.push({ name: await name(id), source: 'configured' });
  }
  return rows;
}
