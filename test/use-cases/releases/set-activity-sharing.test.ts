import { describe, expect, it } from 'vitest';
import { setActivitySharing } from '../../../src/use-cases/releases/set-activity-sharing.js';
import { actors, type Role, textOf, triadIn } from '../client/triad-fixture.js';

describe('setActivitySharing', () => {
  it('records the client’s consent, once, and withdraws it when turned off', async () => {
    const triad = await triadIn();
    const consents = () => triad.core.uow.read.consents.listByEngagement(triad.engagementId);
    const on = await setActivitySharing({ actor: actors.client, on: true }, triad.core);
    expect(on.changed).toBe(true);
    expect(textOf(on.reply)).toContain('never what you wrote');
    expect((await setActivitySharing({ actor: actors.client, on: true }, triad.core)).changed).toBe(false);
    expect(await consents()).toEqual([
      expect.objectContaining({ kind: 'activity_sharing', textHash: null, withdrawnAt: null }),
    ]);
    expect((await setActivitySharing({ actor: actors.client, on: false }, triad.core)).changed).toBe(true);
    expect((await consents())[0]?.withdrawnAt).toEqual(triad.core.clock.now());
    expect((await setActivitySharing({ actor: actors.client, on: false }, triad.core)).changed).toBe(false);
    await setActivitySharing({ actor: actors.client, on: true }, triad.core);
    expect((await consents()).filter((c) => c.withdrawnAt === null)).toHaveLength(1);
  });

  it.each<[Role, string]>([
    ['sponsor', 'not_authorised'],
    ['coach', 'not_authorised'],
    ['hr', 'not_authorised'],
    ['stranger', 'not_found'],
  ])('only the client may decide: the %s gets %s', async (role, code) => {
    const triad = await triadIn();
    await expect(
      setActivitySharing({ actor: actors[role], engagementId: triad.engagementId, on: true }, triad.core),
    ).rejects.toMatchObject({ code });
    expect(await triad.core.uow.read.consents.listByEngagement(triad.engagementId)).toHaveLength(0);
  });
});
