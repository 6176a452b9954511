import type { types } from '@slack/bolt';
import {
  checkedStart,
  MAX_COACHES,
  parseCadence,
  parseWeeks,
  type StartCommand,
} from '../commands/parse-coaching-command.js';
import { SlackInputError } from '../errors.js';
import { FIELD_ACTION, type FormMetadata, type FormValue } from '../render/form.js';
import { plain } from '../render/text.js';

export const START_CALLBACK = 'triad.start';

/** `/coaching start` without arguments: the same choices as the command, with Slack's user pickers. */
export function startEngagementModal(
  defaults: { weeks: number; cadence: 'weekly' | 'fortnightly' },
  where: Omit<FormMetadata, 'c'>,
): types.ModalView {
  const user = (id: string, label: string): types.InputBlock => ({
    type: 'input',
    block_id: id,
    label: plain(label, 2000),
    element: { type: 'users_select', action_id: FIELD_ACTION },
  });
  const cadences = [
    { text: plain('Weekly', 75), value: 'weekly' },
    { text: plain('Fortnightly', 75), value: 'fortnightly' },
  ];
  return {
    type: 'modal',
    callback_id: START_CALLBACK,
    title: plain('Start coaching', 24),
    submit: plain('Start', 24),
    close: plain('Cancel', 24),
    private_metadata: JSON.stringify({ c: {}, ...where }),
    blocks: [
      user('client', 'Client (the person coached)'),
      user('sponsor', 'Sponsor (usually their manager)'),
      {
        type: 'input',
        block_id: 'coaches',
        label: plain('Coach, or a shortlist for the client to choose from', 2000),
        hint: plain(`Up to ${MAX_COACHES} coaches.`, 2000),
        element: { type: 'multi_users_select', action_id: FIELD_ACTION, max_selected_items: MAX_COACHES },
      },
      {
        type: 'input',
        block_id: 'weeks',
        optional: true,
        label: plain('Length in weeks (4–52)', 2000),
        element: {
          type: 'number_input',
          action_id: FIELD_ACTION,
          is_decimal_allowed: false,
          min_value: '4',
          max_value: '52',
          initial_value: String(defaults.weeks),
        },
      },
      {
        type: 'input',
        block_id: 'cadence',
        optional: true,
        label: plain('Reflection prompts', 2000),
        element: {
          type: 'static_select',
          action_id: FIELD_ACTION,
          options: cadences,
          initial_option: cadences.find((c) => c.value === defaults.cadence) ?? cadences[0],
        },
      },
    ],
  };
}

/** Which form field a refusal belongs beside. */
function fieldOf(message: string): string {
  if (message.startsWith('weeks')) return 'weeks';
  if (message.startsWith('cadence')) return 'cadence';
  if (message.includes('coach')) return 'coaches';
  return 'sponsor';
}

/**
 * Reads the start form with the same checks as the command text. Returns the command, or Slack's
 * `response_action: errors` map naming the field and what is wrong with it.
 */
export function readStartForm(
  values: Record<string, FormValue>,
): { command: StartCommand } | { errors: Record<string, string> } {
  const text = (v: FormValue) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
  const client = text(values.client);
  const sponsor = text(values.sponsor);
  const coaches = Array.isArray(values.coaches) ? values.coaches : [];
  const missing: Record<string, string> = {};
  if (!client) missing.client = 'Choose the client.';
  if (!sponsor) missing.sponsor = 'Choose the sponsor.';
  if (coaches.length === 0) missing.coaches = 'Choose at least one coach.';
  if (!client || !sponsor || Object.keys(missing).length > 0) return { errors: missing };
  try {
    const weeks = text(values.weeks);
    const cadence = text(values.cadence);
    const command = checkedStart({
      clientUserId: client,
      sponsorUserId: sponsor,
      coachUserIds: coaches,
      ...(weeks ? { weeks: parseWeeks(weeks) } : {}),
      ...(cadence ? { cadence: parseCadence(cadence) } : {}),
    });
    return { command };
  } catch (error) {
    if (!(error instanceof SlackInputError)) throw error;
    return { errors: { [fieldOf(error.readable)]: error.readable.replace(/`/g, '') } };
  }
}
