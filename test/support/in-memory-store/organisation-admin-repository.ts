import { isUuid } from '../../../db/repositories/support.js';
import type {
  OrganisationAdmin,
  OrganisationAdminRepository,
} from '../../../src/ports/organisation-admins.js';
import { type Access, byFields, uuidArg } from './access.js';

export function organisationAdminRepository(access: Access): OrganisationAdminRepository {
  const list = (organisationId: string) =>
    !isUuid(organisationId)
      ? Promise.resolve([])
      : access.read((v) =>
          v.select<OrganisationAdmin>(
            'organisationAdmins',
            (a) => a.organisationId === uuidArg(organisationId),
            byFields<OrganisationAdmin>('addedAt', 'id'),
          ),
        );
  const find = (organisationId: string, platformUserId: string) =>
    access.read(
      (v) =>
        v.select<OrganisationAdmin>(
          'organisationAdmins',
          (a) => a.organisationId === uuidArg(organisationId) && a.platformUserId === platformUserId,
        )[0],
    );
  return {
    list,
    // Transactions of the in-memory store run one at a time: the lock is implied.
    listForUpdate: list,
    isAdmin: async (organisationId, platformUserId) =>
      isUuid(organisationId) && (await find(organisationId, platformUserId)) !== undefined,
    insert: (admin) =>
      access.write((v) => {
        const exists = v.select<OrganisationAdmin>(
          'organisationAdmins',
          (a) =>
            a.organisationId === uuidArg(admin.organisationId) && a.platformUserId === admin.platformUserId,
        );
        if (exists.length > 0) return false;
        v.insert('organisationAdmins', admin);
        return true;
      }),
    remove: (organisationId, platformUserId) =>
      !isUuid(organisationId)
        ? Promise.resolve(undefined)
        : access.write((v) => {
            const [row] = v.select<OrganisationAdmin>(
              'organisationAdmins',
              (a) => a.organisationId === uuidArg(organisationId) && a.platformUserId === platformUserId,
            );
            if (row) v.delete('organisationAdmins', [row.id]);
            return row;
          }),
  };
}
