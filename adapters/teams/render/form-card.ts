import type { Gated } from '../../../src/confidentiality/outbound-gate.js';
import type { Form, FormField } from '../../../src/messages/message.js';
import { FORM_SUBMIT, packData } from './card-data.js';
import { type CardElement, partText, richText, TEAMS_LIMITS, textRun, title } from './card-text.js';
import { dateInputId, dateTimeInputs, InputIds, timeInputId } from './controls.js';
import { type AdaptiveCard, adaptiveCard, renderBody } from './message-card.js';

/** Teams' people picker: a choice input whose choices come from the organisation's directory. */
export const PEOPLE_PICKER_DATASET = 'graph.microsoft.com/users';

const RESERVED_IDS = new Set(['actionId', 'value', 'field', 'outboxId', 'formId', 'context', 'verb']);

function renderField(field: FormField): CardElement[] {
  if (RESERVED_IDS.has(field.id)) throw new Error(`form field id ${field.id} is reserved`);
  const required = !('optional' in field && field.optional === true);
  const label = title(field.label.text, 200);
  switch (field.type) {
    case 'text': {
      const initial = field.initial ? partText(field.initial) : undefined;
      return [
        {
          type: 'Input.Text',
          id: field.id,
          label,
          ...(field.multiline ? { isMultiline: true } : {}),
          maxLength: field.maxLength,
          ...(required ? { isRequired: true, errorMessage: 'Write something here.' } : {}),
          ...(field.hint ? { placeholder: title(field.hint.text, 200) } : {}),
          ...(initial !== undefined ? { value: initial } : {}),
        },
      ];
    }
    case 'users':
      return [
        {
          type: 'Input.ChoiceSet',
          id: field.id,
          label,
          ...(required ? { isRequired: true, errorMessage: 'Pick someone.' } : {}),
          ...(field.max > 1 ? { isMultiSelect: true } : {}),
          choices: [],
          'choices.data': { type: 'Data.Query', dataset: PEOPLE_PICKER_DATASET },
        },
      ];
    case 'choice':
      return [
        {
          type: 'Input.ChoiceSet',
          id: field.id,
          label,
          isRequired: true,
          errorMessage: 'Choose one.',
          choices: field.options.map((o) => ({
            title: title(o.label.text, TEAMS_LIMITS.choiceTitle),
            value: o.value,
          })),
          ...(field.initial ? { value: field.initial } : {}),
        },
      ];
    case 'datetime':
      return [
        ...dateTimeInputs(field.id, label, required, field.initial),
        richText([textRun(`Times are in ${field.timeZone}.`, { isSubtle: true, size: 'Small' })]),
      ];
  }
}

/** The value a form field was submitted with, from the card's inputs; date-times as `YYYY-MM-DDTHH:mm`. */
export function formFieldValue(
  field: FormField,
  inputs: Readonly<Record<string, string>>,
): string | undefined {
  if (field.type !== 'datetime') return inputs[field.id];
  const date = inputs[dateInputId(field.id)];
  const time = inputs[timeInputId(field.id)];
  return date && time ? `${date}T${time.slice(0, 5)}` : undefined;
}

/**
 * A gated form as an Adaptive Card, shown in the 1:1 chat of the person who opened it. Its submit action carries
 * the form id and the core's opaque context ids; Teams adds the input values.
 */
export function renderFormCard(form: Gated<Form>): AdaptiveCard {
  const ids = new InputIds();
  const fields = form.fields.flatMap(renderField);
  const room = TEAMS_LIMITS.cardJson - JSON.stringify(fields).length - 500;
  const body: CardElement[] = [
    richText([textRun(form.title.text, { weight: 'Bolder', size: 'Medium' })]),
    ...renderBody(form.intro ?? [], { ids, budget: Math.max(1000, room) }),
    ...fields,
    {
      type: 'ActionSet',
      actions: [
        {
          type: 'Action.Execute',
          title: title(form.submitLabel.text),
          verb: FORM_SUBMIT,
          style: 'positive',
          data: packData({ actionId: FORM_SUBMIT, formId: form.formId, context: { ...form.context } }),
        },
      ],
    },
  ];
  return adaptiveCard(body, form.title.text);
}
