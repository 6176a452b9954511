import { z } from 'zod';
import { insightForm } from '../../messages/compose/assessment-messages.js';
import { inTransaction } from '../../outbox/unit.js';
import { mayRead } from '../../policy/readers.js';
import type { Repositories } from '../../ports/repositories.js';
import { actorSchema, type ResolvedActor, resolveActor } from '../actor.js';
import { idSchema, parseInput, requireClient, requireWritable } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import { lockEngagement } from '../shared/engagement-access.js';
import {
  findEntryOfKind,
  maxInsightLength,
  openReport,
  reportNotFound,
  reportTitle,
} from './assessment-content.js';

/** A report the acting client may write insights from, and its locked engagement. */
export async function reportForInsight(repos: Repositories, resolved: ResolvedActor, reportId: string) {
  const report = await findEntryOfKind(repos, reportId, 'assessment_report');
  const engagement = await lockEngagement(repos, report.engagementId);
  requireClient(engagement, resolved, 'write_insight');
  if (!mayRead(resolved.person?.id, report)) throw reportNotFound();
  requireWritable(engagement);
  return { report, engagement };
}

export const openInsightFormInput = z.object({ actor: actorSchema, reportId: idSchema });
export type OpenInsightFormInput = z.input<typeof openInsightFormInput>;

/** The client's form for a new insight from one of their assessment reports. */
export async function openInsightForm(raw: OpenInsightFormInput, deps: CoreDeps) {
  const input = parseInput(openInsightFormInput, raw);
  return inTransaction(deps, async (unit) => {
    const resolved = await resolveActor(unit.repos, deps, input.actor);
    const { report, engagement } = await reportForInsight(unit.repos, resolved, input.reportId);
    const title = reportTitle(openReport(deps.cipher, report));
    return {
      form: await unit.reply(
        insightForm(engagement.id, engagement.clientId, report.id, title, report.readers, maxInsightLength),
      ),
    };
  });
}
