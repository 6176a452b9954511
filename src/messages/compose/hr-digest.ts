import { opaque, words } from '../../confidentiality/words.js';
import type { ActionId } from '../../controls/controls.js';
import type { DigestFinding } from '../../engagement/digest-rules.js';
import type { AdminMessage, Block, Destination } from '../message.js';
import { meetingName } from './meeting-words.js';
import { context, header, section } from './text.js';

/** The home tab's menu that sets the weekday of HR's digest DM (value: the ISO weekday, 1–7). */
export const digestWeekdayAction = 'hr.digest.weekday' satisfies ActionId;

export const weekdayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** One engagement that needs HR: how HR knows it (client's name, short reference) and its findings. */
export interface DigestEntry {
  client: string;
  reference: string;
  findings: readonly DigestFinding[];
}

function findingWords(finding: DigestFinding): string {
  switch (finding.kind) {
    case 'kickoff_unscheduled':
      return `kickoff meeting not scheduled ${finding.days} days after the start`;
    case 'meeting_overdue':
      return `${meetingName(finding.meeting).toLowerCase()} not held by week ${finding.week}`;
    case 'paused_long':
      return `paused for ${finding.days} days`;
    case 'delivery_failed':
      return `${finding.count} message${finding.count === 1 ? '' : 's'} to the sponsor space or to you could not be delivered`;
  }
}

/**
 * HR's weekly digest: the engagements that need them and why, in lifecycle terms only (meetings not scheduled
 * or held, long pauses, failed deliveries). The home tab's copy carries the menu for the DM's weekday.
 */
export function hrDigestMessage(input: {
  destination: Extract<Destination, { kind: 'hr' | 'reply' }>;
  entries: readonly DigestEntry[];
  weekday: number;
  onHome: boolean;
}): AdminMessage {
  const day = weekdayNames[input.weekday - 1] ?? 'Monday';
  const lines = input.entries.map(
    (entry) => `• ${entry.client} (${entry.reference}): ${entry.findings.map(findingWords).join('; ')}`,
  );
  const blocks: Block<ReturnType<typeof section>['text'][number]>[] = [
    header('What needs you this week'),
    section(lines.length > 0 ? lines.join('\n') : 'Nothing needs you: every engagement is on track.'),
  ];
  if (input.onHome) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'select',
          actionId: digestWeekdayAction,
          placeholder: words(`Digest in your DM every ${day}`),
          options: weekdayNames.map((name, index) => ({
            label: words(`Every ${name}`),
            value: opaque(String(index + 1)),
          })),
        },
      ],
    });
  }
  blocks.push(
    context(
      `Lifecycle status only, never coaching content. This digest comes to your DM with Triad every ${day}${input.onHome ? '' : '; choose another day on your Triad home tab'}.`,
    ),
  );
  return {
    audience: 'admin',
    destination: input.destination,
    summary: words(
      lines.length > 0
        ? `${lines.length} engagement${lines.length === 1 ? ' needs' : 's need'} you this week`
        : 'Nothing needs you this week',
    ),
    blocks,
  };
}
