import { privatePart } from '../../confidentiality/parts.js';
import type { PrivateText } from '../../confidentiality/private-text.js';
import { opaque, words } from '../../confidentiality/words.js';
import type { ActionId, FormId } from '../../controls/controls.js';
import type { Block, Button, Form, PrivateMessage } from '../message.js';
import { clientReply } from './reflection-replies.js';
import { releaseActions } from './release-messages.js';
import { context, header, section } from './text.js';

export const goalActions = {
  draft: 'goal.draft',
  edit: 'goal.edit',
  preview: 'release.preview',
} as const satisfies { draft: ActionId & FormId; edit: ActionId & FormId; preview: ActionId };

const goalButtons = (entryId: string): Button[] => [
  { type: 'button', actionId: goalActions.edit, label: words('Edit'), value: opaque(entryId) },
  {
    type: 'button',
    actionId: goalActions.preview,
    label: words('Preview sharing with my sponsor'),
    value: opaque(entryId),
  },
];

/** "Draft a goal": opens the goal form (the goal list ends with it; the DM word `goal` offers it alone). */
export const draftGoalButton = (engagementId: string): Button => ({
  type: 'button',
  actionId: goalActions.draft,
  label: words('Draft a goal'),
  value: opaque(engagementId),
});

/** The goal form (draft or edit); when editing the stored text is pre-filled, for the client only. */
export function goalForm(
  engagementId: string,
  clientId: string,
  maxLength: number,
  /** The stored goal and the entry's readers (the gate shows it to a reader only). */
  existing?: { entryId: string; goal: PrivateText; successMeasure: PrivateText; readers: readonly string[] },
): Form<'private'> {
  return {
    audience: 'private',
    destination: { kind: 'reply', audience: 'private', personId: clientId, engagementId },
    formId: existing ? goalActions.edit : goalActions.draft,
    title: words(existing ? 'Edit your goal' : 'Draft a goal'),
    submitLabel: words('Save privately'),
    context: existing
      ? { engagementId: opaque(engagementId), entryId: opaque(existing.entryId) }
      : { engagementId: opaque(engagementId) },
    intro: [
      context(
        'Only you can see your goals. You decide later, with a preview, whether to share one with your sponsor.',
      ),
    ],
    fields: [
      {
        type: 'text',
        id: 'goal',
        label: words('Your goal'),
        multiline: true,
        maxLength,
        ...(existing ? { initial: privatePart(existing.goal, engagementId, existing.readers) } : {}),
      },
      {
        type: 'text',
        id: 'successMeasure',
        label: words('How will you measure success?'),
        multiline: true,
        maxLength,
        ...(existing
          ? { initial: privatePart(existing.successMeasure, engagementId, existing.readers) }
          : {}),
      },
    ],
  };
}

export function goalSavedReply(
  engagementId: string,
  clientId: string,
  entryId: string,
  edited: boolean,
): PrivateMessage {
  return clientReply(engagementId, clientId, edited ? 'Goal updated' : 'Goal saved', [
    section(
      edited
        ? 'Your goal is updated and still private. If you had shared it, your sponsor still sees the version you shared until you share again.'
        : 'Your goal is saved privately. Only you can see it.',
    ),
    { type: 'actions', elements: goalButtons(entryId) },
  ]);
}

export interface ListedGoal {
  entryId: string;
  goal: PrivateText;
  successMeasure: PrivateText;
  /** The live release of this goal, when it is shared with the sponsor: the list offers to withdraw it. */
  sharedReleaseId: string | undefined;
}

/** Slack allows 50 blocks a message: 15 goals of 3 blocks plus header, overflow note and button. */
const maxListedGoals = 15;

export function goalListReply(
  engagementId: string,
  clientId: string,
  goals: readonly ListedGoal[],
): PrivateMessage {
  const blocks: Block[] = [header('Your goals')];
  if (goals.length === 0) blocks.push(section('You have no goals yet. Draft one whenever you are ready.'));
  const shown = goals.slice(0, maxListedGoals);
  shown.forEach((goal, index) => {
    blocks.push(
      {
        type: 'fields',
        fields: [
          { label: words(`Goal ${index + 1}`), value: [privatePart(goal.goal, engagementId, [clientId])] },
          {
            label: words('Success measure'),
            value: [privatePart(goal.successMeasure, engagementId, [clientId])],
          },
        ],
      },
      context(goal.sharedReleaseId ? 'Shared with your sponsor.' : 'Private: only you can see it.'),
      {
        type: 'actions',
        elements: [
          ...goalButtons(goal.entryId),
          ...(goal.sharedReleaseId
            ? [
                {
                  type: 'button' as const,
                  actionId: releaseActions.withdraw,
                  label: words('Withdraw from sponsor'),
                  value: opaque(goal.sharedReleaseId),
                  style: 'danger' as const,
                },
              ]
            : []),
        ],
      },
    );
  });
  if (goals.length > shown.length) {
    blocks.push(context(`${goals.length - shown.length} more goals are in your data export.`));
  }
  blocks.push({ type: 'actions', elements: [draftGoalButton(engagementId)] });
  return clientReply(engagementId, clientId, 'Your goals', blocks);
}
