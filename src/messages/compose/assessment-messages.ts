import { type PrivatePart, privatePart } from '../../confidentiality/parts.js';
import type { PrivateText } from '../../confidentiality/private-text.js';
import { opaque, words } from '../../confidentiality/words.js';
import type { ActionId, FormId } from '../../controls/controls.js';
import type { Audience, Block, Button, Form, OutboundMessage, PrivateMessage } from '../message.js';
import { goalActions } from './goal-replies.js';
import { clientReply } from './reflection-replies.js';
import { context, header, section } from './text.js';

export const assessmentActions = {
  /** HR's reply and the coaching space offer it; the form's submission records the assessment. */
  record: 'assessment.record',
  insight: 'assessment.insight',
  shareWithCoach: 'assessment.share_with_coach',
} as const satisfies {
  record: ActionId & FormId;
  insight: ActionId & FormId;
  shareWithCoach: ActionId;
};

/** "Record an assessment": HR's command reply and the coaching space carry it; the form checks who may. */
export const recordAssessmentButton = (engagementId: string, label = 'Record an assessment'): Button => ({
  type: 'button',
  actionId: assessmentActions.record,
  label: words(label),
  value: opaque(engagementId),
});

/** The answer to HR's `assessment` command: one button that opens the form (names only). */
export function assessmentOfferReply(
  audience: Audience,
  personId: string,
  engagementId: string,
  clientName: string,
): OutboundMessage {
  return {
    audience,
    destination: { kind: 'reply', audience, personId, engagementId },
    summary: words(`Record an assessment for ${clientName}`),
    blocks: [
      section(
        `Record an assessment ${clientName} took and deliver their report. The report goes to ${clientName}'s private DM only; you will not see it again after recording, and the sponsor never sees it.`,
      ),
      { type: 'actions', elements: [recordAssessmentButton(engagementId)] },
    ],
  };
}

export interface AssessmentFormLimits {
  name: number;
  link: number;
  text: number;
}

/** The recording form, for HR or the coach: no stored content, only the ids it carries back. */
export function assessmentForm(
  audience: Audience,
  personId: string,
  engagement: { id: string; clientId: string },
  clientName: string,
  limits: AssessmentFormLimits,
): Form {
  return {
    audience,
    destination: { kind: 'reply', audience, personId, engagementId: engagement.id },
    formId: assessmentActions.record,
    title: words('Record an assessment'),
    submitLabel: words('Record and deliver'),
    context: { engagementId: opaque(engagement.id), clientId: opaque(engagement.clientId) },
    intro: [
      section(
        `For ${clientName}. The report goes to ${clientName}'s private DM only, encrypted; ${clientName}'s coach reads it only if ${clientName} shares it.`,
      ),
    ],
    fields: [
      { type: 'text', id: 'name', label: words('Assessment'), multiline: false, maxLength: limits.name },
      { type: 'text', id: 'provider', label: words('Provider'), multiline: false, maxLength: limits.name },
      {
        type: 'text',
        id: 'administeredOn',
        label: words('Date administered'),
        multiline: false,
        maxLength: 10,
        hint: words('As YYYY-MM-DD, e.g. 2026-11-20.'),
      },
      {
        type: 'text',
        id: 'link',
        label: words('Link to the report'),
        multiline: false,
        maxLength: limits.link,
        optional: true,
        hint: words('An https link, or paste the report’s text below (or both).'),
      },
      {
        type: 'text',
        id: 'report',
        label: words('The report’s text'),
        multiline: true,
        maxLength: limits.text,
        optional: true,
      },
    ],
  };
}

/** The report, in the client's DM: readable by them alone (`readers`), with what they can do with it. */
export function reportDeliveredMessage(
  engagementId: string,
  entryId: string,
  recordedBy: string,
  report: { title: PrivateText; link: PrivateText | null; text: PrivateText | null },
  readers: readonly string[],
): PrivateMessage {
  const part = (text: PrivateText): PrivatePart => privatePart(text, engagementId, readers);
  const blocks: Block[] = [
    header('Your assessment report'),
    section(`${recordedBy} recorded an assessment you took and delivered your report here.`),
    { type: 'section', text: [part(report.title)] },
  ];
  if (report.link) blocks.push({ type: 'section', text: [part(report.link)] });
  if (report.text) blocks.push({ type: 'section', text: [part(report.text)] });
  blocks.push(
    context(
      'Only you can read this report. Your coach reads it only if you share it; your sponsor never does. Write down your insights from it privately; you can share an insight with your sponsor later, after a preview.',
    ),
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          actionId: assessmentActions.insight,
          label: words('Write an insight'),
          value: opaque(entryId),
          style: 'primary',
        },
        {
          type: 'button',
          actionId: assessmentActions.shareWithCoach,
          label: words('Share with my coach'),
          value: opaque(entryId),
        },
      ],
    },
  );
  return {
    audience: 'private',
    destination: { kind: 'space', engagementId, space: 'client_dm' },
    summary: words('Your assessment report is here'),
    blocks,
  };
}

/** The report posted in the coaching space when the client shares it; `readers`: the client and that coach. */
export function reportForCoachMessage(
  engagementId: string,
  clientName: string,
  report: { title: PrivateText; link: PrivateText | null; text: PrivateText | null },
  readers: readonly string[],
): PrivateMessage {
  const part = (text: PrivateText): PrivatePart => privatePart(text, engagementId, readers);
  return {
    audience: 'private',
    destination: { kind: 'space', engagementId, space: 'coaching' },
    summary: words(`${clientName} shared an assessment report with you`),
    blocks: [
      section(`${clientName} shared an assessment report with you.`),
      { type: 'section', text: [part(report.title)] },
      ...(report.link ? [{ type: 'section' as const, text: [part(report.link)] }] : []),
      ...(report.text ? [{ type: 'section' as const, text: [part(report.text)] }] : []),
      context('Only the two of you can see this.'),
    ],
  };
}

/** The client's form for an insight from one report; the report's title is shown to its readers only. */
export function insightForm(
  engagementId: string,
  clientId: string,
  reportId: string,
  title: PrivateText,
  readers: readonly string[],
  maxLength: number,
): Form<'private'> {
  return {
    audience: 'private',
    destination: { kind: 'reply', audience: 'private', personId: clientId, engagementId },
    formId: assessmentActions.insight,
    title: words('An insight'),
    submitLabel: words('Save privately'),
    context: { reportId: opaque(reportId) },
    intro: [
      { type: 'section', text: [privatePart(title, engagementId, readers)] },
      context(
        'What did you learn about yourself from this assessment? Only you can see your insights; you decide later, with a preview, whether to share one with your sponsor.',
      ),
    ],
    fields: [{ type: 'text', id: 'insight', label: words('Your insight'), multiline: true, maxLength }],
  };
}

export function insightSavedReply(
  engagementId: string,
  clientId: string,
  insightId: string,
  reportId: string,
): PrivateMessage {
  return clientReply(engagementId, clientId, 'Insight saved', [
    section(
      'Your insight is saved privately. Only you can see it. When you prepare an alignment meeting, Triad offers it to you with your goals.',
    ),
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          actionId: goalActions.preview,
          label: words('Preview sharing with my sponsor'),
          value: opaque(insightId),
        },
        {
          type: 'button',
          actionId: assessmentActions.insight,
          label: words('Write another insight'),
          value: opaque(reportId),
        },
      ],
    },
  ]);
}

/**
 * The client's answer after sharing a report with their coach (or finding it shared already), with "Write an
 * insight": on Teams the report's card loses its buttons once one is pressed, so the answer carries the next step.
 */
export function reportSharedReply(
  engagementId: string,
  clientId: string,
  reportId: string,
  text: string,
): PrivateMessage {
  return clientReply(engagementId, clientId, text, [
    section(text),
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          actionId: assessmentActions.insight,
          label: words('Write an insight'),
          value: opaque(reportId),
        },
      ],
    },
  ]);
}
