import { z } from 'zod';
import { isLive } from '../../engagement/lifecycle.js';
import { type Engagement, isTriadMeeting, type Meeting, type Person } from '../../engagement/records.js';
import { type EngagementRow, engagementListView } from '../../messages/compose/hr-views.js';
import { inTransaction } from '../../outbox/unit.js';
import type { Repositories } from '../../ports/repositories.js';
import { actorSchema, requireHr, resolveActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { replyPersonId } from '../shared/engagement-access.js';
import { parseInput } from '../shared/parse-input.js';

export const listEngagementsInput = z.object({
  actor: actorSchema,
  /** Also list closed and cancelled engagements. */
  includeClosed: z.boolean().optional(),
});
export type ListEngagementsInput = z.infer<typeof listEngagementsInput>;

/** The most rows one message shows (platform block limits). */
export const maxListed = 40;

/** The next scheduled kickoff/alignment/mid-point/closing meeting; coaching sessions are never shown to HR. */
export function nextTriadMeeting(meetings: readonly Meeting[], now: Date): Meeting | undefined {
  return meetings
    .filter((m) => isTriadMeeting(m.kind) && m.status === 'scheduled' && m.startsAt && m.startsAt > now)
    .sort((a, b) => (a.startsAt?.getTime() ?? 0) - (b.startsAt?.getTime() ?? 0))[0];
}

/** Names and next meeting of each engagement, for HR views. */
export async function engagementRows(
  repos: Repositories,
  engagements: readonly Engagement[],
  now: Date,
): Promise<EngagementRow[]> {
  const ids = new Set<string>();
  for (const e of engagements) for (const id of [e.clientId, e.sponsorId, e.coachId]) if (id) ids.add(id);
  const people = new Map<string, Person>((await repos.people.getMany([...ids])).map((p) => [p.id, p]));
  const rows: EngagementRow[] = [];
  for (const engagement of engagements) {
    rows.push({
      engagement,
      client: people.get(engagement.clientId),
      sponsor: people.get(engagement.sponsorId),
      coach: engagement.coachId ? people.get(engagement.coachId) : undefined,
      nextMeeting: isLive(engagement.stage)
        ? nextTriadMeeting(await repos.meetings.listByEngagement(engagement.id), now)
        : undefined,
    });
  }
  return rows;
}

/** HR lists their organisation's engagements: live ones first, newest first; status metadata only. */
export async function listEngagements(raw: ListEngagementsInput, deps: CoreDeps) {
  const input = parseInput(listEngagementsInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    requireHr(resolved, 'list_engagements');
    const now = deps.clock.now();
    const all = resolved.organisation.id
      ? await repos.engagements.listByOrganisation(resolved.organisation.id)
      : [];
    const shown = all
      .filter((e) => input.includeClosed || isLive(e.stage))
      .sort(
        (a, b) =>
          Number(isLive(b.stage)) - Number(isLive(a.stage)) || b.startedAt.getTime() - a.startedAt.getTime(),
      );
    const rows = await engagementRows(repos, shown.slice(0, maxListed), now);
    const message = engagementListView({
      personId: replyPersonId(resolved, input.actor.platformUserId),
      zone: resolved.person?.timeZone ?? deps.settings.defaultTimeZone,
      now,
      rows,
      hidden: Math.max(0, shown.length - maxListed),
      closedNotShown: all.length - shown.length,
    });
    return { engagementIds: rows.map((r) => r.engagement.id), reply: await unit.reply(message) };
  });
}
