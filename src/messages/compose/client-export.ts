import { privatePart } from '../../confidentiality/parts.js';
import type { PrivateText } from '../../confidentiality/private-text.js';
import type { PrivateMessage } from '../message.js';
import { clientReply } from './reflection-replies.js';
import { context, header, section } from './text.js';

export interface ExportSummary {
  engagementId: string;
  zoneDate: (date: Date) => string;
  counts: {
    reflections: number;
    goals: number;
    preparations: number;
    releases: number;
    /** Assessment reports delivered to the client (with the insights written from them). */
    assessments?: number;
  };
  purgeAfter: Date | null;
  /** The complete export, JSON: it travels as the message's file, never in its text. */
  file: { name: string; content: PrivateText };
}

/**
 * The client's export: a short note and the whole export as a JSON file, for the client alone. The note says
 * what the file holds in counts only, so the export is complete however long the engagement was.
 */
export function clientExportReply(clientId: string, data: ExportSummary): PrivateMessage {
  const e = data.engagementId;
  const { reflections, goals, preparations, releases, assessments = 0 } = data.counts;
  const reports = assessments > 0 ? ` and ${assessments} assessment reports with your insights` : '';
  const message = clientReply(e, clientId, 'Your coaching data export', [
    header('Your coaching data'),
    section(
      `Your export file ${data.file.name} holds everything you wrote: ${reflections} reflections, ${goals} goals, ${preparations} meeting notes and ${releases} shared items, with their questions and dates${reports}.`,
    ),
    context(
      'Only you get this file.' +
        (data.purgeAfter ? ` Triad deletes your data on ${data.zoneDate(data.purgeAfter)}.` : ''),
    ),
  ]);
  return {
    ...message,
    file: {
      name: data.file.name,
      mimeType: 'application/json',
      content: [privatePart(data.file.content, e, [clientId])],
    },
  };
}
