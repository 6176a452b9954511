import { needsPickedTime } from '../../../src/controls/controls.js';
import type { Button, Control, DateTimePicker, Select } from '../../../src/messages/message.js';
import { packData } from './card-data.js';
import { type CardElement, TEAMS_LIMITS, title } from './card-text.js';
import { DIALOG_ACTIONS, dialogOpener } from './dialog-card.js';

/** Gives each input of one card a unique id (`f1`, `f2` …). */
export class InputIds {
  private next = 0;
  take(): string {
    this.next += 1;
    return `f${this.next}`;
  }
}

/** The ids of the date and time inputs that make up one date-time field. */
export const dateInputId = (field: string) => `${field}_date`;
export const timeInputId = (field: string) => `${field}_time`;

/**
 * The picker's label for buttons that need a time before they can act (the control table says which): on Teams
 * they open a date and time picker in the card. Without a label here, the button's own label is used.
 */
export const TIME_BUTTONS: Readonly<Record<string, string>> = {
  'session.schedule': 'Pick the session’s date and time',
};

const execute = (label: string, data: Record<string, unknown>, style?: Button['style']): CardElement => ({
  type: 'Action.Execute',
  title: title(label),
  verb: String(data.actionId),
  data,
  ...(style === 'primary' ? { style: 'positive' } : style === 'danger' ? { style: 'destructive' } : {}),
});

/** A date input and a time input, in the zone of whoever fills them in (Teams reports it with the action). */
export function dateTimeInputs(
  field: string,
  label: string,
  required: boolean,
  initial?: string,
): CardElement[] {
  const [date, time] = initial && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(initial) ? initial.split('T') : [];
  return [
    {
      type: 'Input.Date',
      id: dateInputId(field),
      label: title(label, 200),
      ...(required ? { isRequired: true, errorMessage: 'Pick a date.' } : {}),
      ...(date ? { value: date } : {}),
    },
    {
      type: 'Input.Time',
      id: timeInputId(field),
      label: 'Time (your time zone)',
      ...(required ? { isRequired: true, errorMessage: 'Pick a time.' } : {}),
      ...(time ? { value: time.slice(0, 5) } : {}),
    },
  ];
}

/** A date-time picker becomes a button that shows the pickers and a Save button below it, in place. */
function pickerAction(control: DateTimePicker | Button, ids: InputIds, outboxId?: string): CardElement {
  const field = ids.take();
  const label =
    control.type === 'datetime' ? control.label.text : (TIME_BUTTONS[control.actionId] ?? control.label.text);
  return {
    type: 'Action.ShowCard',
    title: title(control.label.text),
    card: {
      type: 'AdaptiveCard',
      body: dateTimeInputs(field, label, true, control.type === 'datetime' ? control.initial : undefined),
      actions: [
        execute('Save', packData({ actionId: control.actionId, value: control.value, field, outboxId })),
      ],
    },
  };
}

function selectInput(control: Select, field: string): CardElement {
  return {
    type: 'Input.ChoiceSet',
    id: field,
    label: title(control.placeholder.text, 200),
    isRequired: true,
    errorMessage: 'Choose one.',
    choices: control.options.map((option) => ({
      title: title(option.label.text, TEAMS_LIMITS.choiceTitle),
      value: option.value,
    })),
  };
}

/**
 * One actions block: buttons become Action.Execute (data `{ actionId, value }`) — those that show or edit private
 * text a dialog opener (`DIALOG_ACTIONS`) —, date-time pickers and
 * time-needing buttons a ShowCard with date and time inputs, a select a choice input with a Choose button.
 * Returns the inputs to put in the body before the ActionSet.
 */
export function renderControls(
  controls: readonly Control[],
  ids: InputIds,
  outboxId?: string,
): { inputs: CardElement[]; actions: CardElement[] } {
  const inputs: CardElement[] = [];
  const actions: CardElement[] = [];
  for (const control of controls) {
    if (control.type === 'datetime' || (control.type === 'button' && needsPickedTime(control.actionId))) {
      actions.push(pickerAction(control, ids, outboxId));
    } else if (control.type === 'button' && DIALOG_ACTIONS.has(control.actionId)) {
      actions.push(
        dialogOpener(control.label.text, packData({ actionId: control.actionId, value: control.value })),
      );
    } else if (control.type === 'button') {
      actions.push(
        execute(
          control.label.text,
          packData({ actionId: control.actionId, value: control.value, outboxId }),
          control.style,
        ),
      );
    } else if (control.options.length > 0) {
      const field = ids.take();
      inputs.push(selectInput(control, field));
      actions.push(execute('Choose', packData({ actionId: control.actionId, field, outboxId })));
    }
  }
  return { inputs, actions };
}
