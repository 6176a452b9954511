import { z } from 'zod';
import { hrDigestMessage } from '../../messages/compose/hr-digest.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, requireHr, requirePerson, resolveActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { parseInput } from '../shared/parse-input.js';
import { collectHrDigest } from './hr-digest.js';

export const setDigestWeekdayInput = z.object({
  actor: actorSchema,
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: z.coerce.number().int().min(1).max(7),
});
export type SetDigestWeekdayInput = z.input<typeof setDigestWeekdayInput>;

/**
 * HR chooses, on their home tab, the weekday of the weekly digest DM. One day per organisation (every HR person
 * of it gets the digest that day); the reply is the digest section again, showing the new day.
 */
export async function setDigestWeekday(raw: SetDigestWeekdayInput, deps: CoreDeps) {
  const input = parseInput(setDigestWeekdayInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    requireHr(resolved, 'set_hr_digest_day');
    const person = requirePerson(resolved);
    // A known person's organisation is the row resolveActor read (an unknown sender was refused above).
    const { organisation } = resolved;
    if (organisation.hrDigestWeekday !== input.weekday) {
      await repos.organisations.update({ ...organisation, hrDigestWeekday: input.weekday });
      await unit.audit({
        engagementId: null,
        actorId: person.id,
        action: 'hr_digest_day_set',
        details: { weekday: input.weekday },
      });
    }
    const entries = await collectHrDigest(repos, organisation.id, deps.clock.now());
    const message = hrDigestMessage({
      destination: { kind: 'reply', audience: 'admin', personId: person.id },
      entries,
      weekday: input.weekday,
      onHome: true,
    });
    return { weekday: input.weekday, reply: await unit.reply(message) };
  });
}
