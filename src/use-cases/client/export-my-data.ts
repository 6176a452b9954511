import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Engagement, Person } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import { clientExportReply } from '../../messages/compose/client-export.js';
import { inTransaction, type Unit } from '../../outbox/unit.js';
import { actorSchema, requirePerson, resolveActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { idSchema, parseInput, requireClient, requireDm, surfaceSchema } from './client-access.js';
import { collectClientData, exportJson } from './export-data.js';

export const exportMyDataInput = z.object({
  actor: actorSchema,
  /** Which of the client's engagements; their most recent one not yet purged when omitted. */
  engagementId: idSchema.optional(),
  surface: surfaceSchema,
});
export type ExportMyDataInput = z.input<typeof exportMyDataInput>;

/**
 * The client exports what they wrote — reflections (question, answer, dates), goals, meeting notes and shared
 * items — as a JSON file attached to a short private reply (`reply.file`, passed by the gate like the reply; the
 * adapter delivers it to the client's DM). Works during the engagement and after it closes, until its data is
 * purged.
 */
export async function exportMyData(raw: ExportMyDataInput, deps: CoreDeps) {
  const input = parseInput(exportMyDataInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    const person = requirePerson(resolved);
    const theirs = (await repos.engagements.listForPerson(person.id))
      .filter((e) => e.clientId === person.id && (!input.engagementId || e.id === input.engagementId))
      .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
    const engagement = theirs.find((e) => e.purgedAt === null);
    if (!engagement) {
      if (input.engagementId && theirs.length === 0) {
        const other = await repos.engagements.get(input.engagementId);
        if (other) requireClient(other, resolved, 'export_data');
      }
      throw new TriadError(
        'not_found',
        theirs.length > 0
          ? 'Your coaching data was deleted after the retention period, so there is nothing left to export.'
          : 'You have no coaching data in Triad to export.',
      );
    }
    requireDm(input.surface, 'your data export');
    const reply = await exportReply(unit, deps, person, engagement);
    return { engagementId: engagement.id, personId: person.id, reply };
  });
}

/**
 * The export of one engagement for its client, gated as a reply to them and audited. The caller has checked
 * that `person` is the engagement's client and that its data is not purged.
 */
export async function exportReply(unit: Unit, deps: CoreDeps, person: Person, engagement: Engagement) {
  const { repos } = unit;
  const now = deps.clock.now();
  const data = await collectClientData(repos, deps.cipher, engagement);
  const zone = person.timeZone;
  const zoneDate = (date: Date) => DateTime.fromJSDate(date, { zone }).toFormat('d LLL yyyy');
  await unit.audit({
    engagementId: engagement.id,
    actorId: person.id,
    action: 'client_data_exported',
    details: {
      reflections: data.reflections.length,
      goals: data.goals.length,
      releases: data.releases.length,
    },
  });
  const reply = clientExportReply(person.id, {
    engagementId: engagement.id,
    zoneDate,
    counts: {
      reflections: data.reflections.filter((r) => r.answer).length,
      goals: data.goals.length,
      preparations: data.preparations.length,
      releases: data.releases.length,
      assessments: data.assessments.length,
    },
    purgeAfter: engagement.purgeAfter,
    file: {
      name: `triad-export-${DateTime.fromJSDate(now, { zone }).toFormat('yyyy-LL-dd')}.json`,
      content: exportJson(data, now),
    },
  });
  return unit.reply(reply);
}
