import type { Block, Form } from '../../../src/messages/message.js';
import { FORM_SUBMIT } from './card-data.js';
import type { CardElement } from './card-text.js';
import { title } from './card-text.js';
import type { AdaptiveCard } from './message-card.js';

/**
 * Teams dialogs (task modules) for private text. A card posted in a chat stays in the chat's history and in
 * eDiscovery; a dialog's card is fetched when opened and kept nowhere. So anything that shows or edits private
 * text opens in a dialog, and the chat only carries a button that opens it.
 */

/**
 * The core's buttons whose answer shows or edits private text, or is a form for one person's private use (what
 * `needsDialog` sends to a dialog): on Teams each one opens a dialog instead of acting in place, so the form is
 * never a chat message and no "Open" card is needed in between. `test/adapters/teams/dialog-audit.test.ts` presses
 * every control of the table and fails when one answers with private text and is not here.
 */
export const DIALOG_ACTIONS: ReadonlySet<string> = new Set([
  'reflection.answer',
  'reflection.rhythm',
  'meeting.prepare',
  'meeting.link',
  'goal.draft',
  'goal.edit',
  'release.preview',
  'session.notes',
  'session.notes.list',
  'assessment.record',
  'assessment.insight',
]);

/** What a typed word opens in a dialog (the goal list, the export, a coach's notes), as the action id the dialog is fetched with. */
export const VIEW_GOALS = 'view.goals';
export const VIEW_EXPORT = 'view.export';
/** A coach's private session notes (the `notes` word). */
export const VIEW_NOTES = 'view.notes';

/** A button that opens a dialog: Teams sends `task/fetch` with `data` (an Action.Execute cannot open one). */
export function dialogOpener(label: string, data: Record<string, unknown>): CardElement {
  return { type: 'Action.Submit', title: title(label), data: { msteams: { type: 'task/fetch' }, ...data } };
}

/**
 * A card as a dialog shows it: every action becomes an Action.Submit (what a dialog sends back as `task/submit`)
 * with the same data, and nothing inside asks to open another dialog. A form's submit also carries `submitKey`
 * (in its context ids): each press of Submit is its own activity, so the key is what makes a double click save once.
 */
export function inDialog(card: AdaptiveCard, submitKey?: string): AdaptiveCard {
  const convert = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(convert);
    if (!value || typeof value !== 'object') return value;
    const object = Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, convert(v)]),
    );
    if (object.type === 'Action.Execute' || object.type === 'Action.Submit') {
      const { verb: _verb, ...rest } = object;
      const { msteams: _msteams, ...data } = (rest.data ?? {}) as Record<string, unknown>;
      if (submitKey && data.actionId === FORM_SUBMIT) {
        data.context = { ...(data.context as Record<string, string> | undefined), [DIALOG_KEY]: submitKey };
      }
      return { ...rest, type: 'Action.Submit', data };
    }
    return object;
  };
  return convert(card) as AdaptiveCard;
}

/** The body of a `task/fetch` or `task/submit` invoke response. */
export type TaskBody =
  | {
      task: {
        type: 'continue';
        value: {
          title: string;
          width: 'large';
          height: 'large';
          card: { contentType: 'application/vnd.microsoft.card.adaptive'; content: AdaptiveCard };
        };
      };
    }
  | { task: { type: 'message'; value: string } };

/** The context id a form shown in a dialog carries its submission key under. */
export const DIALOG_KEY = 'dialog';

export const dialogBody = (card: AdaptiveCard, heading: string, submitKey?: string): TaskBody => ({
  task: {
    type: 'continue',
    value: {
      title: title(heading, 60),
      width: 'large',
      height: 'large',
      card: { contentType: 'application/vnd.microsoft.card.adaptive', content: inDialog(card, submitKey) },
    },
  },
});

/** Closes the dialog with a short message (Teams shows it in a small dialog of its own, kept nowhere). */
export const dialogMessage = (text: string): TaskBody => ({
  task: { type: 'message', value: text.slice(0, 500) },
});

const blocksCarryPrivate = (blocks: readonly Block[] | undefined) =>
  (blocks ?? []).some((block) => {
    switch (block.type) {
      case 'section':
      case 'context':
        return block.text.some((part) => part.kind === 'private');
      case 'fields':
        return block.fields.some((field) => field.value.some((part) => part.kind === 'private'));
      default:
        return false;
    }
  });

/** Whether a message's blocks hold any private text (a goal, an answer, a preview, an export). */
export const blocksHoldPrivateText = (blocks: readonly Block[]) => blocksCarryPrivate(blocks);

/**
 * Whether a form belongs in a dialog: every form for the client's private use (an answer, a goal, preparation
 * notes) — what is typed into it, and any text it is pre-filled with, is private.
 */
export const formIsPrivate = (form: Form) =>
  form.audience === 'private' ||
  blocksCarryPrivate(form.intro) ||
  form.fields.some((field) => field.type === 'text' && field.initial?.kind === 'private');
