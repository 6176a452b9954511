import { conflictError } from '../../../db/repositories/repository-errors.js';
import { isUuid } from '../../../db/repositories/support.js';
import type { CoachInvitation } from '../../../src/engagement/coach-invitation.js';
import type { CoachInvitationRepository } from '../../../src/ports/coach-invitations.js';
import { type Access, byFields, uuidArg } from './access.js';

export function coachInvitationRepository(access: Access): CoachInvitationRepository {
  const select = (where: (i: CoachInvitation) => boolean) =>
    access.read((v) => v.select<CoachInvitation>('coachInvitations', where, byFields('createdAt', 'id')));
  return {
    get: (id) => access.read((v) => v.get<CoachInvitation>('coachInvitations', id)),
    findByEngagement: async (engagementId) =>
      isUuid(engagementId) ? (await select((i) => i.engagementId === uuidArg(engagementId)))[0] : undefined,
    listPending: async (organisationId) =>
      isUuid(organisationId)
        ? select((i) => i.organisationId === uuidArg(organisationId) && i.state === 'pending')
        : [],
    insert: (invitation) => access.write((v) => void v.insert('coachInvitations', invitation)),
    update: (invitation) =>
      access.write((v) => {
        const stored = v.get<CoachInvitation>('coachInvitations', invitation.id);
        if (!stored || stored.version !== invitation.version - 1) throw conflictError();
        v.replace('coachInvitations', invitation);
      }),
    deleteByEngagement: (engagementId) =>
      access.write((v) =>
        isUuid(engagementId)
          ? v.delete(
              'coachInvitations',
              v
                .select<CoachInvitation>('coachInvitations', (i) => i.engagementId === uuidArg(engagementId))
                .map((i) => i.id),
            )
          : 0,
      ),
  };
}
