import type { types } from '@slack/bolt';
import type { Gated } from '../../../src/confidentiality/outbound-gate.js';
import type { Form, FormField } from '../../../src/messages/message.js';
import { renderBlocks } from './blocks.js';
import { epochSeconds } from './controls.js';
import { partText, plain, SLACK_LIMITS } from './text.js';

/** Every input's element uses this action id; the field id is the block id. */
export const FIELD_ACTION = 'value';

/** What a modal carries back on submit: the core's opaque ids plus where to answer the person. */
export interface FormMetadata {
  /** The form's `context` (engagement id, prompt id …): ids only. */
  c: Record<string, string>;
  /** Channel the form was opened from, for the ephemeral answer. */
  ch?: string;
  /** response_url of the command that opened it, when there was one. */
  ru?: string;
}

const MAX_TEXT_INPUT = 3000;

function renderField(field: FormField): types.InputBlock {
  const base = {
    type: 'input' as const,
    block_id: field.id,
    label: plain(field.label.text, SLACK_LIMITS.inputLabel),
    optional: 'optional' in field && field.optional === true,
  };
  switch (field.type) {
    case 'text': {
      const initial = field.initial ? partText(field.initial) : undefined;
      return {
        ...base,
        ...(field.hint ? { hint: plain(field.hint.text, SLACK_LIMITS.inputHint) } : {}),
        element: {
          type: 'plain_text_input',
          action_id: FIELD_ACTION,
          multiline: field.multiline,
          max_length: Math.min(field.maxLength, MAX_TEXT_INPUT),
          ...(initial !== undefined ? { initial_value: initial.slice(0, MAX_TEXT_INPUT) } : {}),
        },
      };
    }
    case 'users':
      return {
        ...base,
        element:
          field.max <= 1
            ? { type: 'users_select', action_id: FIELD_ACTION }
            : { type: 'multi_users_select', action_id: FIELD_ACTION, max_selected_items: field.max },
      };
    case 'choice': {
      const options = field.options.slice(0, SLACK_LIMITS.selectOptions).map((option) => ({
        text: plain(option.label.text, SLACK_LIMITS.optionText),
        value: option.value,
      }));
      const initial = options.find((o) => o.value === field.initial);
      return {
        ...base,
        element: {
          type: 'static_select',
          action_id: FIELD_ACTION,
          options,
          ...(initial ? { initial_option: initial } : {}),
        },
      };
    }
    case 'datetime': {
      const initial = epochSeconds(field.initial);
      return {
        ...base,
        element: {
          type: 'datetimepicker',
          action_id: FIELD_ACTION,
          ...(initial !== undefined ? { initial_date_time: initial } : {}),
        },
      };
    }
  }
}

/** A gated form as a Slack modal; the metadata it carries back holds ids only. */
export function renderForm(
  form: Gated<Form>,
  where: Omit<FormMetadata, 'c'> = {},
): types.ModalView & { callback_id: string } {
  const metadata: FormMetadata = { c: { ...form.context }, ...where };
  let privateMetadata = JSON.stringify(metadata);
  if (privateMetadata.length > SLACK_LIMITS.privateMetadata)
    privateMetadata = JSON.stringify({ c: form.context });
  const fields = form.fields.map(renderField);
  const intro = renderBlocks(form.intro ?? [], SLACK_LIMITS.viewBlocks - fields.length);
  return {
    type: 'modal',
    callback_id: form.formId,
    title: plain(form.title.text, SLACK_LIMITS.viewTitle),
    submit: plain(form.submitLabel.text, SLACK_LIMITS.viewButton),
    close: plain('Cancel', SLACK_LIMITS.viewButton),
    private_metadata: privateMetadata,
    blocks: [...intro, ...fields],
  };
}

/** A modal that only says something (e.g. the outcome), with a Close button. */
export function noticeModal(title: string, blocks: types.KnownBlock[]): types.ModalView {
  return { type: 'modal', title: plain(title, SLACK_LIMITS.viewTitle), close: plain('Close', 24), blocks };
}

export type FormValue = string | string[] | number | undefined;

interface StateValue {
  type?: string;
  value?: string | null;
  selected_user?: string | null;
  selected_users?: string[] | null;
  selected_option?: { value?: string } | null;
  selected_date_time?: number | null;
}

/** The submitted values by field id: text, user id(s), chosen value, or epoch seconds for a date-time. */
export function readFormValues(
  values: Record<string, Record<string, StateValue>> | undefined,
): Record<string, FormValue> {
  const out: Record<string, FormValue> = {};
  for (const [fieldId, actions] of Object.entries(values ?? {})) {
    const state = actions[FIELD_ACTION];
    if (!state) continue;
    out[fieldId] =
      state.value ??
      state.selected_user ??
      state.selected_users ??
      state.selected_option?.value ??
      state.selected_date_time ??
      undefined;
  }
  return out;
}

export function readFormMetadata(privateMetadata: string | undefined): FormMetadata {
  try {
    const parsed = JSON.parse(privateMetadata || '{}') as Partial<FormMetadata>;
    const c = parsed.c && typeof parsed.c === 'object' ? parsed.c : {};
    return {
      c: Object.fromEntries(Object.entries(c).filter(([, v]) => typeof v === 'string')),
      ...(typeof parsed.ch === 'string' ? { ch: parsed.ch } : {}),
      ...(typeof parsed.ru === 'string' ? { ru: parsed.ru } : {}),
    };
  } catch {
    return { c: {} };
  }
}
