import { DateTime } from 'luxon';
import { isValidZone } from '../../engagement/meeting-time.js';
import { type DigestEntry, hrDigestMessage } from '../../messages/compose/hr-digest.js';
import { inTransaction } from '../../outbox/unit.js';
import { cycleOf } from '../../prompts/prompt-schedule.js';
import { type CoreDeps, hasHrRights } from '../deps.js';
import { collectHrDigest } from './hr-digest.js';

/** The digest goes out from this local hour of HR's chosen weekday (a run before it waits for the next). */
const DIGEST_HOUR = 9;

/** The outbox key of one HR person's digest for one ISO week: the digest is stored once per person per week. */
const digestKey = (personId: string, isoWeek: string) => `hr-digest:${personId}:${isoWeek}`;

/**
 * Hourly: every HR person whose digest day has come (their organisation's weekday, from 09:00 in their own zone)
 * gets the week's digest in their DM with Triad. HR people are those who started a live engagement and still
 * have HR rights now. Everything is read from PostgreSQL on each run and the outbox key is per person and ISO
 * week, so a run repeated, missed hours or a rebuilt schedule never sends a digest twice nor skips the day.
 */
export async function sendHrDigests(deps: CoreDeps): Promise<{ sent: number; due: number }> {
  const now = deps.clock.now();
  const byOrganisation = new Map<string, Set<string>>();
  for (const engagement of await deps.uow.read.engagements.listActive()) {
    const people = byOrganisation.get(engagement.organisationId) ?? new Set<string>();
    people.add(engagement.startedById);
    byOrganisation.set(engagement.organisationId, people);
  }
  let sent = 0;
  let due = 0;
  for (const [organisationId, personIds] of byOrganisation) {
    const organisation = await deps.uow.read.organisations.get(organisationId);
    if (!organisation) continue;
    // One digest per organisation and run, made only once someone in it is due: every HR person reads the same.
    let entries: Promise<DigestEntry[]> | undefined;
    const digest = () => {
      entries ??= collectHrDigest(deps.uow.read, organisationId, now);
      return entries;
    };
    for (const person of await deps.uow.read.people.getMany([...personIds])) {
      const zone = isValidZone(person.timeZone) ? person.timeZone : deps.settings.defaultTimeZone;
      const local = DateTime.fromJSDate(now, { zone });
      if (local.weekday !== organisation.hrDigestWeekday || local.hour < DIGEST_HOUR) continue;
      const who = {
        platform: organisation.platform,
        tenantId: organisation.platformTenantId,
        platformUserId: person.platformUserId,
      };
      if (!(await hasHrRights(deps, who, deps.uow.read))) continue;
      due += 1;
      const isNew = await inTransaction(deps, async (unit) => {
        const message = hrDigestMessage({
          destination: { kind: 'hr', personId: person.id },
          entries: await digest(),
          weekday: organisation.hrDigestWeekday,
          onHome: false,
        });
        return unit.isNew(await unit.send(message, digestKey(person.id, cycleOf(now, zone))));
      });
      if (isNew) sent += 1;
    }
  }
  if (due > 0) deps.logger.info({ sent, due }, 'HR digests');
  return { sent, due };
}
