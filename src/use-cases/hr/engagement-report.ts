import { DateTime } from 'luxon';
import { z } from 'zod';
import { opaque } from '../../confidentiality/words.js';
import { isValidZone } from '../../engagement/meeting-time.js';
import { isTriadMeeting, type Person } from '../../engagement/records.js';
import { engagementReportReply, type ReportRow, reportCsv } from '../../messages/compose/hr-report.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, requireHr, resolveActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { replyPersonId } from '../shared/engagement-access.js';
import { parseInput } from '../shared/parse-input.js';

export const engagementReportInput = z.object({ actor: actorSchema });
export type EngagementReportInput = z.infer<typeof engagementReportInput>;

/**
 * `/coaching report`: HR gets a CSV file of every engagement of their organisation (live first, newest first)
 * with its lifecycle metadata — names, stage, start date, length, weeks left and the dates of the triad meetings
 * held. No coaching session, prompt, answer or goal is read, so nothing derived from private activity can reach
 * the file. The file travels as the reply's attachment, checked by the outbound gate like the reply.
 */
export async function engagementReport(raw: EngagementReportInput, deps: CoreDeps) {
  const input = parseInput(engagementReportInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    requireHr(resolved, 'list_engagements');
    const now = deps.clock.now();
    const engagements = resolved.organisation.id
      ? (await repos.engagements.listByOrganisation(resolved.organisation.id)).sort(
          (a, b) => b.startedAt.getTime() - a.startedAt.getTime(),
        )
      : [];
    const ids = new Set<string>();
    for (const e of engagements) for (const id of [e.clientId, e.sponsorId, e.coachId]) if (id) ids.add(id);
    const people = new Map<string, Person>((await repos.people.getMany([...ids])).map((p) => [p.id, p]));
    const rows: ReportRow[] = [];
    for (const engagement of engagements) {
      const meetings = (await repos.meetings.listByEngagement(engagement.id)).filter((m) =>
        isTriadMeeting(m.kind),
      );
      rows.push({
        engagement,
        client: people.get(engagement.clientId),
        sponsor: people.get(engagement.sponsorId),
        coach: engagement.coachId ? people.get(engagement.coachId) : undefined,
        meetings,
      });
    }
    const wanted = resolved.person?.timeZone ?? deps.settings.defaultTimeZone;
    const zone = isValidZone(wanted) ? wanted : 'UTC';
    const day = (at: Date) => DateTime.fromJSDate(at, { zone }).toFormat('yyyy-LL-dd');
    // What a download link names: the report is made again, for this HR user, when the link is followed.
    const origin = resolved.organisation.id
      ? {
          kind: 'report' as const,
          organisationId: opaque(resolved.organisation.id),
          platformUserId: opaque(input.actor.platformUserId),
        }
      : undefined;
    const file = { name: `triad-engagements-${day(now)}.csv`, csv: reportCsv(rows, now, day), origin };
    const message = engagementReportReply(
      replyPersonId(resolved, input.actor.platformUserId),
      file,
      rows.length,
    );
    return { reply: await unit.reply(message) };
  });
}
