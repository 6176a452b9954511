import { digestFindings } from '../../engagement/digest-rules.js';
import { isLive } from '../../engagement/lifecycle.js';
import { type Engagement, isTriadMeeting } from '../../engagement/records.js';
import type { DigestEntry } from '../../messages/compose/hr-digest.js';
import { shortId } from '../../messages/compose/text.js';
import { visibleToHr } from '../../outbox/retry-failed-delivery.js';
import type { Repositories } from '../../ports/repositories.js';

/**
 * What needs HR in their organisation at `now`, newest engagement first: each live or paused engagement's
 * findings (see digest-rules). It reads stages, dates, triad meetings and the failed deliveries HR may see —
 * never prompts, answers, goals, coaching sessions or private-space deliveries.
 */
export async function collectHrDigest(
  repos: Repositories,
  organisationId: string,
  now: Date,
): Promise<DigestEntry[]> {
  const engagements = (await repos.engagements.listByOrganisation(organisationId))
    .filter((e) => isLive(e.stage))
    .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
  const found: { engagement: Engagement; findings: DigestEntry['findings'] }[] = [];
  for (const engagement of engagements) {
    const meetings = (await repos.meetings.listByEngagement(engagement.id)).filter((m) =>
      isTriadMeeting(m.kind),
    );
    const failures = (await repos.outbox.listByEngagement(engagement.id)).filter(
      (entry) => entry.status === 'failed' && visibleToHr(entry),
    ).length;
    const findings = digestFindings(engagement, meetings, failures, now);
    if (findings.length > 0) found.push({ engagement, findings });
  }
  const clients = new Map(
    (await repos.people.getMany(found.map((f) => f.engagement.clientId))).map((p) => [p.id, p.displayName]),
  );
  return found.map(({ engagement, findings }) => ({
    client: clients.get(engagement.clientId) ?? 'client',
    reference: shortId(engagement),
    findings,
  }));
}
