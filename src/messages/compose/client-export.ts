import { privatePart } from '../../confidentiality/parts.js';
import type { PrivateText } from '../../confidentiality/private-text.js';
import { words } from '../../confidentiality/words.js';
import type { Block, PrivateMessage } from '../message.js';
import { clientReply } from './reflection-replies.js';
import { context, header, section } from './text.js';

export interface ExportSummary {
  engagementId: string;
  zoneDate: (date: Date) => string;
  reflections: { question: string; askedAt: Date; answer: PrivateText | null; status: string }[];
  goals: { goal: PrivateText; successMeasure: PrivateText; updatedAt: Date }[];
  preparations: { meeting: string; notes: PrivateText; updatedAt: Date }[];
  releases: { status: string; text: PrivateText | null; releasedAt: Date | null; withdrawnAt: Date | null }[];
  purgeAfter: Date | null;
}

/** Slack allows 50 blocks; what does not fit is counted, oldest reflections first. */
const maxBlocks = 46;

/** The client's export as a private reply: goals, shared items and reflections, newest reflections first. */
export function clientExportReply(clientId: string, data: ExportSummary): PrivateMessage {
  const e = data.engagementId;
  const blocks: Block[] = [
    header('Your coaching data'),
    context(
      `${data.reflections.filter((r) => r.answer).length} reflections, ${data.goals.length} goals, ${data.preparations.length} meeting notes and ${data.releases.length} shared items. Only you can see this.` +
        (data.purgeAfter ? ` It will be deleted from Triad on ${data.zoneDate(data.purgeAfter)}.` : ''),
    ),
  ];
  const items: Block[][] = [];
  for (const goal of data.goals) {
    items.push([
      {
        type: 'fields',
        fields: [
          {
            label: words(`Goal (updated ${data.zoneDate(goal.updatedAt)})`),
            value: [privatePart(goal.goal, e, [clientId])],
          },
          { label: words('Success measure'), value: [privatePart(goal.successMeasure, e, [clientId])] },
        ],
      },
    ]);
  }
  for (const preparation of data.preparations) {
    items.push([
      context(
        `Your notes for the ${preparation.meeting} meeting (updated ${data.zoneDate(preparation.updatedAt)}):`,
      ),
      { type: 'section', text: [privatePart(preparation.notes, e, [clientId])] },
    ]);
  }
  for (const release of data.releases) {
    const when = release.withdrawnAt
      ? `withdrawn ${data.zoneDate(release.withdrawnAt)}`
      : release.releasedAt
        ? `shared ${data.zoneDate(release.releasedAt)}`
        : release.status;
    items.push([
      context(`Shared with your sponsor (${when}):`),
      ...(release.text
        ? [{ type: 'section', text: [privatePart(release.text, e, [clientId])] } as const]
        : []),
    ]);
  }
  for (const reflection of [...data.reflections].reverse()) {
    if (!reflection.answer) continue;
    items.push([
      context(`${data.zoneDate(reflection.askedAt)} — ${reflection.question}`),
      { type: 'section', text: [privatePart(reflection.answer, e, [clientId])] },
    ]);
  }
  let omitted = 0;
  for (const item of items) {
    if (blocks.length + item.length > maxBlocks) omitted += 1;
    else blocks.push(...item);
  }
  if (omitted > 0)
    blocks.push(
      section(`${omitted} older items did not fit in this message; Triad keeps them until the date above.`),
    );
  return clientReply(e, clientId, 'Your coaching data export', blocks);
}
