import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CoachProfile } from '../../../src/engagement/coach-profile.js';
import { at, expectDatabaseError, expectTriadError, type GetUow, inTx, seedTriad } from './fixtures.js';

function profile(organisationId: string, personId: string, updatedById: string): CoachProfile {
  return {
    id: randomUUID(),
    organisationId,
    personId,
    ownerId: null,
    bio: 'Zoë coaches “new” leaders \\ 🚀',
    focusAreas: ['Leadership transitions', 'Difficult conversations'],
    languages: ['English', 'Français'],
    timeZone: 'Europe/Paris',
    credentials: 'ICF PCC',
    photoUrl: 'https://example.com/zoe.jpg',
    schedulingUrl: null,
    updatedById,
    version: 1,
    createdAt: at(10),
    updatedAt: at(11),
  };
}

export function coachProfileContract(uow: GetUow) {
  describe('coach profiles', () => {
    it('round-trips every column, finds a profile by organisation and coach, lists several', async () => {
      const { organisation, coach, hr, client } = await seedTriad(uow());
      const kept = { ...profile(organisation.id, coach.id, hr.id), ownerId: randomUUID() };
      await inTx(uow(), (r) => r.coachProfiles.insert(kept));
      expect(await uow().read.coachProfiles.find(organisation.id, coach.id)).toEqual(kept);
      expect(await uow().read.coachProfiles.find(organisation.id, client.id)).toBeUndefined();
      expect(await uow().read.coachProfiles.find(organisation.id, 'not-a-uuid')).toBeUndefined();
      expect(await uow().read.coachProfiles.listFor(organisation.id, [client.id, coach.id])).toEqual([kept]);
      expect(await uow().read.coachProfiles.listFor(randomUUID(), [coach.id])).toEqual([]);
      expect(await uow().read.coachProfiles.listFor(organisation.id, [])).toEqual([]);
    });

    it('keeps one profile per organisation and coach', async () => {
      const { organisation, coach, hr } = await seedTriad(uow());
      await inTx(uow(), (r) => r.coachProfiles.insert(profile(organisation.id, coach.id, hr.id)));
      await expectDatabaseError(
        inTx(uow(), (r) => r.coachProfiles.insert(profile(organisation.id, coach.id, hr.id))),
        '23505',
        'coach_profiles_organisation_person',
      );
    });

    it('updates at the next version only', async () => {
      const { organisation, coach, hr } = await seedTriad(uow());
      const first = profile(organisation.id, coach.id, hr.id);
      await inTx(uow(), (r) => r.coachProfiles.insert(first));
      const second = {
        ...first,
        bio: 'Shorter.',
        languages: [],
        photoUrl: null,
        version: 2,
        updatedAt: at(12),
      };
      await inTx(uow(), (r) => r.coachProfiles.update(second));
      expect(await uow().read.coachProfiles.find(organisation.id, coach.id)).toEqual(second);
      await expectTriadError(
        inTx(uow(), (r) => r.coachProfiles.update({ ...first, version: 2 })),
        'conflict',
      );
    });
  });
}
