import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CoachInvitation } from '../../../src/engagement/coach-invitation.js';
import { at, expectDatabaseError, expectTriadError, type GetUow, inTx, seedTriad } from './fixtures.js';

function invitation(organisationId: string, engagementId: string, createdById: string): CoachInvitation {
  return {
    id: randomUUID(),
    organisationId,
    engagementId,
    email: 'kim@firm.example',
    state: 'pending',
    invites: [],
    platformUserId: null,
    personId: null,
    refusal: null,
    createdById,
    version: 1,
    createdAt: at(10),
    updatedAt: at(10),
  };
}

export function coachInvitationContract(uow: GetUow) {
  describe('coach invitations', () => {
    it('round-trips every column, finds the invitation of an engagement and lists the pending ones', async () => {
      const { organisation, engagement, hr } = await seedTriad(uow());
      const sent = invitation(organisation.id, engagement.id, hr.id);
      await inTx(uow(), (r) => r.coachInvitations.insert(sent));
      expect(await uow().read.coachInvitations.get(sent.id)).toEqual(sent);
      expect(await uow().read.coachInvitations.findByEngagement(engagement.id)).toEqual(sent);
      expect(await uow().read.coachInvitations.findByEngagement('not-a-uuid')).toBeUndefined();
      expect(await uow().read.coachInvitations.listPending(organisation.id)).toEqual([sent]);
      expect(await uow().read.coachInvitations.listPending(randomUUID())).toEqual([]);
    });

    it('updates on the current version only, and leaves an accepted invitation out of the pending ones', async () => {
      const { organisation, engagement, hr, coach } = await seedTriad(uow());
      const sent = invitation(organisation.id, engagement.id, hr.id);
      await inTx(uow(), (r) => r.coachInvitations.insert(sent));
      const invited = {
        ...sent,
        invites: [{ space: 'sponsor' as const, addressKey: 'slack:{"channel":"C1"}', inviteId: 'I1' }],
        version: 2,
        updatedAt: at(11),
      };
      await inTx(uow(), (r) => r.coachInvitations.update(invited));
      await expectTriadError(
        inTx(uow(), (r) => r.coachInvitations.update({ ...sent, version: 2 })),
        'conflict',
      );
      const accepted = {
        ...invited,
        state: 'accepted' as const,
        platformUserId: 'U-kim',
        personId: coach.id,
        version: 3,
        updatedAt: at(12),
      };
      await inTx(uow(), (r) => r.coachInvitations.update(accepted));
      expect(await uow().read.coachInvitations.get(sent.id)).toEqual(accepted);
      expect(await uow().read.coachInvitations.listPending(organisation.id)).toEqual([]);
    });

    it("deletes an engagement's invitation and no other (retention)", async () => {
      const mine = await seedTriad(uow());
      const theirs = await seedTriad(uow());
      const gone = invitation(mine.organisation.id, mine.engagement.id, mine.hr.id);
      const kept = invitation(theirs.organisation.id, theirs.engagement.id, theirs.hr.id);
      await inTx(uow(), async (r) => {
        await r.coachInvitations.insert(gone);
        await r.coachInvitations.insert(kept);
      });
      expect(await inTx(uow(), (r) => r.coachInvitations.deleteByEngagement(mine.engagement.id))).toBe(1);
      expect(await uow().read.coachInvitations.get(gone.id)).toBeUndefined();
      expect(await uow().read.coachInvitations.get(kept.id)).toEqual(kept);
      expect(await inTx(uow(), (r) => r.coachInvitations.deleteByEngagement('not-a-uuid'))).toBe(0);
    });

    it('keeps one invitation per engagement', async () => {
      const { organisation, engagement, hr } = await seedTriad(uow());
      await inTx(uow(), (r) => r.coachInvitations.insert(invitation(organisation.id, engagement.id, hr.id)));
      await expectDatabaseError(
        inTx(uow(), (r) => r.coachInvitations.insert(invitation(organisation.id, engagement.id, hr.id))),
        '23505',
        'coach_invitations_engagement',
      );
    });
  });
}
