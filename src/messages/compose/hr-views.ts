import { logistics } from '../../confidentiality/parts.js';
import { opaque, words } from '../../confidentiality/words.js';
import type { ActionId } from '../../controls/controls.js';
import { describeStage, isLive } from '../../engagement/lifecycle.js';
import { addDays, daysUntil, formatDate, formatMeetingTime } from '../../engagement/meeting-time.js';
import { type Engagement, isTriadMeeting, type Meeting, type Person } from '../../engagement/records.js';
import type { AdminMessage, Block } from '../message.js';
import { meetingName, meetingTitle } from './meeting-words.js';
import { context, header, section, shortId } from './text.js';

/**
 * HR's views: lifecycle metadata only (stage, names, meeting logistics, days left). Never prompt or answer
 * counts or timestamps of private activity — except figures the organisation's policy or the client's consent
 * allow, passed in explicitly.
 */
export interface EngagementRow {
  engagement: Engagement;
  client: Person | undefined;
  sponsor: Person | undefined;
  coach: Person | undefined;
  nextMeeting: Meeting | undefined;
}

type AdminBlock = Block<ReturnType<typeof logistics>>;

const name = (person: Person | undefined) => person?.displayName ?? 'someone no longer in the workspace';

export const engagementEnd = (engagement: Engagement) => addDays(engagement.startedAt, engagement.weeks * 7);

function coachWords(row: Pick<EngagementRow, 'engagement' | 'coach'>): string {
  if (row.coach) return row.coach.displayName;
  return `not chosen yet (${row.engagement.coachShortlist.length} shortlisted)`;
}

function timeline(engagement: Engagement, now: Date, zone: string): string {
  if (!isLive(engagement.stage)) {
    const closed = engagement.closedAt ? ` on ${formatDate(engagement.closedAt, zone)}` : '';
    return `${describeStage(engagement.stage)}${closed}`;
  }
  const left = daysUntil(engagementEnd(engagement), now);
  return `${left} day${left === 1 ? '' : 's'} left`;
}

export function engagementListView(input: {
  personId: string;
  zone: string;
  now: Date;
  rows: EngagementRow[];
  hidden: number;
  closedNotShown: number;
}): AdminMessage {
  const { rows, zone, now } = input;
  const blocks: AdminBlock[] = [header(`Coaching engagements (${rows.length + input.hidden})`)];
  if (rows.length === 0) blocks.push(section('There are no engagements to show.'));
  for (const row of rows) {
    const next = row.nextMeeting?.startsAt
      ? `next: ${meetingName(row.nextMeeting.kind)} ${formatMeetingTime(row.nextMeeting.startsAt, zone)}`
      : 'no meeting scheduled';
    blocks.push(
      section(
        `${shortId(row.engagement)} · ${name(row.client)} — ${describeStage(row.engagement.stage)} · sponsor ${name(row.sponsor)} · coach ${coachWords(row)} · ${next} · ${timeline(row.engagement, now, zone)}`,
      ),
    );
  }
  const notes: string[] = [];
  if (input.hidden > 0) notes.push(`${input.hidden} more not shown.`);
  if (input.closedNotShown > 0) notes.push(`${input.closedNotShown} closed or cancelled not shown.`);
  notes.push('Status only: Triad never shows HR what is written in coaching.');
  blocks.push(context(notes.join(' ')));
  return {
    audience: 'admin',
    destination: { kind: 'reply', audience: 'admin', personId: input.personId },
    summary: words(`${rows.length + input.hidden} coaching engagement(s)`),
    blocks,
  };
}

function meetingLine(meeting: Meeting, zone: string): string {
  switch (meeting.status) {
    case 'held':
      return meeting.heldAt ? `held on ${formatDate(meeting.heldAt, zone)}` : 'held';
    case 'scheduled':
      return meeting.startsAt ? formatMeetingTime(meeting.startsAt, zone) : 'scheduled';
    case 'cancelled':
      return 'cancelled';
    default:
      return 'not scheduled yet';
  }
}

export interface StatusView {
  personId: string;
  zone: string;
  now: Date;
  row: EngagementRow;
  meetings: Meeting[];
  /** Only when the organisation's policy is count_held. */
  sessionsHeld?: number;
  /** Only when the client opted in to activity sharing. */
  replyFigures?: { answered: number; sent: number };
  /** Outbox messages of this engagement that failed for good (counted, never shown). */
  failedDeliveries?: number;
}

export const deliveryActions = { retry: 'delivery.retry' } as const satisfies Record<string, ActionId>;

export function engagementStatusView(view: StatusView): AdminMessage {
  const { row, zone, now } = view;
  const { engagement } = row;
  const field = (label: string, value: string) => ({ label: words(label), value: [logistics(value)] });
  const fields = [
    field('Stage', describeStage(engagement.stage)),
    field('Client', name(row.client)),
    field('Sponsor', name(row.sponsor)),
    field('Coach', coachWords(row)),
    field('Started', formatDate(engagement.startedAt, zone)),
    field('Length', `${engagement.weeks} weeks, ${engagement.cadence} reflections`),
    field('Timeline', timeline(engagement, now, zone)),
  ];
  const blocks: AdminBlock[] = [
    header(`Engagement ${shortId(engagement)}: ${name(row.client)}`),
    { type: 'fields', fields },
  ];
  const meetingFields = view.meetings
    .filter((m) => isTriadMeeting(m.kind))
    .map((m) => field(meetingTitle(m.kind), meetingLine(m, zone)));
  if (meetingFields.length > 0) blocks.push({ type: 'fields', fields: meetingFields });
  const figures: string[] = [];
  if (view.sessionsHeld !== undefined) {
    figures.push(`${view.sessionsHeld} coaching session${view.sessionsHeld === 1 ? '' : 's'} held.`);
  }
  if (view.replyFigures) {
    figures.push(
      `${name(row.client)} chose to share activity: ${view.replyFigures.answered} of ${view.replyFigures.sent} reflection prompts answered.`,
    );
  }
  for (const line of figures) blocks.push(section(line));
  if (view.failedDeliveries) {
    blocks.push(
      section(
        `Delivery failed for ${view.failedDeliveries} message${view.failedDeliveries === 1 ? '' : 's'} of this engagement (Slack or Teams refused them; their content is not shown).`,
      ),
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            actionId: deliveryActions.retry,
            label: words('Retry delivery'),
            value: opaque(engagement.id),
          },
        ],
      },
    );
  }
  blocks.push(context('Status only: Triad never shows HR what is written in coaching.'));
  return {
    audience: 'admin',
    destination: { kind: 'reply', audience: 'admin', personId: view.personId, engagementId: engagement.id },
    summary: words(`Engagement ${shortId(engagement)}: ${describeStage(engagement.stage)}`),
    blocks,
  };
}
