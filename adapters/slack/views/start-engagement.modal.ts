import type { types } from '@slack/bolt';
import { CommandInputError } from '../../../src/commands/command-input-error.js';
import { MAX_COACHES } from '../../../src/commands/hr-commands.js';
import { parseCommandInput } from '../../../src/commands/parse-command.js';
import type { SlackCommand } from '../commands/queued-command.js';
import { asMention, slackDialect } from '../commands/slack-dialect.js';
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

/** The modal's block for each option of the start command (the coaches' picker is `coaches`). */
const blockOf: Record<string, string> = { client: 'client', sponsor: 'sponsor', coach: 'coaches' };

/**
 * Reads the start form as the start command, through the same grammar and checks as the command text. Returns
 * the command, or Slack's `response_action: errors` map naming the field and what is wrong with it.
 */
export function readStartForm(
  values: Record<string, FormValue>,
): { command: SlackCommand } | { errors: Record<string, string> } {
  const text = (v: FormValue) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
  const client = text(values.client);
  const sponsor = text(values.sponsor);
  const coaches = Array.isArray(values.coaches) ? values.coaches : [];
  const missing: Record<string, string> = {};
  if (!client) missing.client = 'Choose the client.';
  if (!sponsor) missing.sponsor = 'Choose the sponsor.';
  if (coaches.length === 0) missing.coaches = 'Choose at least one coach.';
  if (!client || !sponsor || Object.keys(missing).length > 0) return { errors: missing };
  const weeks = text(values.weeks);
  const cadence = text(values.cadence);
  try {
    const command = parseCommandInput(
      'start',
      {
        client: [asMention(client)],
        sponsor: [asMention(sponsor)],
        coach: coaches.map(asMention),
        ...(weeks ? { weeks: [weeks] } : {}),
        ...(cadence ? { cadence: [cadence] } : {}),
      },
      slackDialect,
    );
    return { command };
  } catch (error) {
    if (!(error instanceof CommandInputError)) throw error;
    const block = blockOf[error.field ?? 'sponsor'] ?? error.field ?? 'sponsor';
    return { errors: { [block]: error.readable.replace(/`/g, '') } };
  }
}
