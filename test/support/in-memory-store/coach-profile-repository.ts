import { conflictError } from '../../../db/repositories/repository-errors.js';
import { isUuid } from '../../../db/repositories/support.js';
import type { CoachProfile } from '../../../src/engagement/coach-profile.js';
import type { CoachProfileRepository } from '../../../src/ports/coach-profiles.js';
import { type Access, uuidArg } from './access.js';

export function coachProfileRepository(access: Access): CoachProfileRepository {
  return {
    find: (organisationId, personId) =>
      !isUuid(organisationId) || !isUuid(personId)
        ? Promise.resolve(undefined)
        : access.read(
            (v) =>
              v.select<CoachProfile>(
                'coachProfiles',
                (p) => p.organisationId === uuidArg(organisationId) && p.personId === uuidArg(personId),
              )[0],
          ),
    listFor: (organisationId, personIds) => {
      const wanted = new Set(personIds.filter(isUuid).map(uuidArg));
      if (!isUuid(organisationId) || wanted.size === 0) return Promise.resolve([]);
      return access.read((v) =>
        v.select<CoachProfile>(
          'coachProfiles',
          (p) => p.organisationId === uuidArg(organisationId) && wanted.has(p.personId),
        ),
      );
    },
    insert: (profile) => access.write((v) => void v.insert('coachProfiles', profile)),
    update: (profile) =>
      access.write((v) => {
        const stored = v.get<CoachProfile>('coachProfiles', profile.id);
        if (!stored || stored.version !== profile.version - 1) throw conflictError();
        v.replace('coachProfiles', profile);
      }),
  };
}
