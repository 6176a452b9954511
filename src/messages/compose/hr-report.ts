import { logistics } from '../../confidentiality/parts.js';
import { words } from '../../confidentiality/words.js';
import { describeStage, isLive } from '../../engagement/lifecycle.js';
import { daysUntil } from '../../engagement/meeting-time.js';
import type { Engagement, Meeting, MeetingKind, Person } from '../../engagement/records.js';
import { toCsv } from '../csv.js';
import type { AdminMessage, FileOrigin } from '../message.js';
import { engagementEnd } from './hr-views.js';
import { context, header, section, shortId } from './text.js';

/** One engagement of HR's report: its people and its triad meetings (coaching sessions are never listed). */
export interface ReportRow {
  engagement: Engagement;
  client: Person | undefined;
  sponsor: Person | undefined;
  coach: Person | undefined;
  meetings: readonly Meeting[];
}

/** The triad meetings whose held dates the report shows, in the order they happen. */
const reportedMeetings: readonly Exclude<MeetingKind, 'session'>[] = [
  'kickoff',
  'alignment',
  'midpoint',
  'closing',
];

/** The report's columns: lifecycle metadata only, never anything derived from private activity. */
export const reportColumns = [
  'engagement',
  'client',
  'sponsor',
  'coach',
  'stage',
  'started',
  'weeks',
  'weeks left',
  'kickoff held',
  'alignment held',
  'mid-point held',
  'closing held',
] as const;

const name = (person: Person | undefined) => person?.displayName ?? '';

/** Whole weeks left until the engagement's planned end; 0 once it is over or closed. */
export function weeksLeft(engagement: Engagement, now: Date): number {
  if (!isLive(engagement.stage)) return 0;
  return Math.ceil(daysUntil(engagementEnd(engagement), now) / 7);
}

/** The report as CSV text; dates are calendar dates (YYYY-MM-DD) in HR's zone. */
export function reportCsv(rows: readonly ReportRow[], now: Date, day: (at: Date) => string): string {
  const body = rows.map(({ engagement, client, sponsor, coach, meetings }) => {
    const held = (kind: MeetingKind) => {
      const meeting = meetings.find((m) => m.kind === kind && m.status === 'held');
      const at = meeting ? (meeting.startsAt ?? meeting.heldAt) : null;
      return at ? day(at) : '';
    };
    return [
      shortId(engagement),
      name(client),
      name(sponsor),
      name(coach),
      describeStage(engagement.stage),
      day(engagement.startedAt),
      engagement.weeks,
      weeksLeft(engagement, now),
      ...reportedMeetings.map(held),
    ];
  });
  return toCsv(reportColumns, body);
}

/** HR's reply: a short note, and the report as a CSV file (delivered to HR alone). */
export function engagementReportReply(
  personId: string,
  file: { name: string; csv: string; origin?: FileOrigin | undefined },
  count: number,
): AdminMessage {
  return {
    audience: 'admin',
    destination: { kind: 'reply', audience: 'admin', personId },
    summary: words('Engagement report'),
    blocks: [
      header('Engagement report'),
      section(
        `The file ${file.name} lists ${count} engagement${count === 1 ? '' : 's'} of your organisation: stage, start date, weeks left, coach and the dates of the meetings held.`,
      ),
      context('Lifecycle metadata only. Coaching content is never shown to HR.'),
    ],
    file: {
      name: file.name,
      mimeType: 'text/csv',
      content: [logistics(file.csv)],
      ...(file.origin ? { origin: file.origin } : {}),
    },
  };
}
