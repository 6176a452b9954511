import type { types } from '@slack/bolt';
import type { FormId } from '../../../src/controls/controls.js';
import { FIELD_ACTION, type FormMetadata } from '../render/form.js';
import { plain } from '../render/text.js';

/** The control table's form a submission runs (the same id as the button that opens the modal). */
export const SESSION_CALLBACK = 'session.schedule' satisfies FormId;

/** The block of a Slack modal that holds its date-time picker: read into the submission's picked time. */
export const PICKED_FIELD = 'when';

/** A coaching session's time (in the person's own zone, as Slack shows pickers) and length. */
export function sessionScheduleModal(engagementId: string, where: Omit<FormMetadata, 'c'>): types.ModalView {
  return {
    type: 'modal',
    callback_id: SESSION_CALLBACK,
    title: plain('Coaching session', 24),
    submit: plain('Schedule', 24),
    close: plain('Cancel', 24),
    private_metadata: JSON.stringify({ c: { engagementId }, ...where }),
    blocks: [
      {
        type: 'input',
        block_id: PICKED_FIELD,
        label: plain('When', 2000),
        element: { type: 'datetimepicker', action_id: FIELD_ACTION },
      },
      {
        type: 'input',
        block_id: 'minutes',
        optional: true,
        label: plain('Length in minutes (15–180)', 2000),
        element: {
          type: 'number_input',
          action_id: FIELD_ACTION,
          is_decimal_allowed: false,
          min_value: '15',
          max_value: '180',
          initial_value: '60',
        },
      },
    ],
  };
}
