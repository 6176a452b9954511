import type { Meeting, Person } from '../../engagement/records.js';
import { chemistryCancelled } from '../../messages/compose/chemistry-messages.js';
import type { Unit } from '../../outbox/unit.js';
import { updateMeeting } from '../shared/engagement-update.js';
import type { Send } from '../shared/transition-engagement.js';
import { keyed } from './arrange-chemistry-call.js';

/**
 * The coaches to thank once `chosen` is chosen: the rest of the shortlist, and any coach the client had an
 * intro call with (always on the shortlist today; kept so that a call never goes without its ending).
 */
export function notChosen(
  shortlist: readonly string[],
  meetings: readonly Meeting[],
  chosen: Person,
): string[] {
  const callCoaches = meetings.flatMap((m) => (m.kind === 'chemistry' && m.coachId ? [m.coachId] : []));
  return [...new Set([...shortlist, ...callCoaches])].filter((id) => id !== chosen.id);
}

/**
 * Part of choosing a coach: the intro calls still booked with coaches not chosen are cancelled, each side told
 * with the calendar cancellation (the client's DM and the coach's own DM). The chosen coach's call stays.
 */
export async function cancelOtherChemistryCalls(
  unit: Unit,
  meetings: readonly Meeting[],
  client: Person,
  chosen: Person,
  now: Date,
): Promise<Send[]> {
  const open = meetings.filter(
    (m) => m.kind === 'chemistry' && m.status === 'scheduled' && m.coachId && m.coachId !== chosen.id,
  );
  const sends: Send[] = [];
  for (const meeting of open) {
    const coach = meeting.coachId ? await unit.repos.people.get(meeting.coachId) : undefined;
    const cancelled = await updateMeeting(unit.repos, meeting, { status: 'cancelled' }, now);
    if (!coach) continue;
    sends.push(
      ...keyed(
        chemistryCancelled(cancelled, { client, coach }, { coachChosen: true }),
        `meeting:${cancelled.id}:v${cancelled.version}:cancelled`,
      ),
    );
  }
  return sends;
}
