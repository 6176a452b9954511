import { z } from 'zod';
import { reportForCoachMessage, reportSharedReply } from '../../messages/compose/assessment-messages.js';
import { inTransaction } from '../../outbox/unit.js';
import { mayRead } from '../../policy/readers.js';
import { actorSchema, resolveActor } from '../actor.js';
import { idSchema, parseInput, requireClient, requireWritable } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import { loadTriad, lockEngagement } from '../shared/engagement-access.js';
import { addCoachAsReader, coachToShareWith } from '../shared/share-with-coach.js';
import { findEntryOfKind, openReport, reportNotFound, reportTitle } from './assessment-content.js';

export const shareReportWithCoachInput = z.object({ actor: actorSchema, entryId: idSchema });
export type ShareReportWithCoachInput = z.input<typeof shareReportWithCoachInput>;

/**
 * The client shares an assessment report with their coach, the existing way entries are shared: that coach is
 * added to the entry's readers (a later coach never is) and the report is posted in the coaching space as
 * private text for the two of them. Sharing with the same coach twice changes nothing.
 */
export async function shareReportWithCoach(raw: ShareReportWithCoachInput, deps: CoreDeps) {
  const input = parseInput(shareReportWithCoachInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    const entry = await findEntryOfKind(repos, input.entryId, 'assessment_report');
    const engagement = await lockEngagement(repos, entry.engagementId);
    requireClient(engagement, resolved, 'share_assessment_with_coach');
    if (!mayRead(resolved.person?.id, entry)) throw reportNotFound();
    requireWritable(engagement);
    const triad = await loadTriad(repos, engagement);
    const { client } = triad;
    const coach = coachToShareWith(triad.coach);
    const reply = (text: string) => unit.reply(reportSharedReply(engagement.id, client.id, entry.id, text));
    if (mayRead(coach.id, entry)) {
      return { shared: false, reply: await reply(`${coach.displayName} already has this report.`) };
    }
    const report = openReport(deps.cipher, entry);
    await addCoachAsReader(
      unit,
      deps,
      entry,
      coach,
      (readers) =>
        reportForCoachMessage(
          engagement.id,
          client.displayName,
          { ...report, title: reportTitle(report) },
          readers,
        ),
      `entry:${entry.id}:coach-share:${coach.id}`,
    );
    await unit.audit({
      engagementId: engagement.id,
      actorId: client.id,
      action: 'assessment_shared_with_coach',
      details: { entryId: entry.id, coachId: coach.id },
    });
    return {
      shared: true,
      reply: await reply(
        `Shared with ${coach.displayName} in your coaching space. Your sponsor does not see it.`,
      ),
    };
  });
}
