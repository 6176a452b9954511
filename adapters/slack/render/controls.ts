import type { types } from '@slack/bolt';
import type { Control } from '../../../src/messages/message.js';
import { plain, SLACK_LIMITS, truncate } from './text.js';

type ActionsElement = types.ActionsBlockElement;

/**
 * A date-time picker has no `value` on Slack, so the id it carries (a meeting id) travels in its block id:
 * `tv|<n>|<value>`. Buttons carry it in `value`, select options in each option's value.
 */
const VALUE_BLOCK = 'tv';

export const valueBlockId = (index: number, value: string) => `${VALUE_BLOCK}|${index}|${value}`;

/** The id a control carried, from the action Slack sent back (button value, option value or block id). */
export function controlValue(action: {
  type?: string;
  value?: string;
  block_id?: string;
  selected_option?: { value?: string } | null;
}): string | undefined {
  if (typeof action.value === 'string') return action.value;
  if (action.selected_option?.value) return action.selected_option.value;
  const [prefix, , ...rest] = (action.block_id ?? '').split('|');
  return prefix === VALUE_BLOCK && rest.length > 0 ? rest.join('|') : undefined;
}

/** An ISO date-time as the epoch seconds a datetimepicker expects; undefined when not a valid date. */
export function epochSeconds(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

export function renderControl(control: Control): ActionsElement {
  switch (control.type) {
    case 'button':
      return {
        type: 'button',
        action_id: control.actionId,
        text: plain(control.label.text, SLACK_LIMITS.buttonText),
        value: control.value.slice(0, SLACK_LIMITS.buttonValue),
        ...(control.style ? { style: control.style } : {}),
      };
    case 'select':
      return {
        type: 'static_select',
        action_id: control.actionId,
        placeholder: plain(control.placeholder.text, SLACK_LIMITS.placeholder),
        options: control.options.slice(0, SLACK_LIMITS.selectOptions).map((option) => ({
          text: plain(option.label.text, SLACK_LIMITS.optionText),
          value: option.value,
        })),
      };
    case 'datetime': {
      const initial = epochSeconds(control.initial);
      return {
        type: 'datetimepicker',
        action_id: control.actionId,
        ...(initial !== undefined ? { initial_date_time: initial } : {}),
      };
    }
  }
}

/**
 * Renders one actions block. Buttons and selects stay together; each date-time picker gets a label line and
 * an actions block of its own whose block id carries its value.
 */
export function renderActions(controls: readonly Control[], blockIndex: number): types.KnownBlock[] {
  const blocks: types.KnownBlock[] = [];
  const others = controls.filter((c) => c.type !== 'datetime').slice(0, SLACK_LIMITS.actionsElements);
  if (others.length > 0) blocks.push({ type: 'actions', elements: others.map(renderControl) });
  controls.forEach((control, i) => {
    if (control.type !== 'datetime') return;
    blocks.push({
      type: 'context',
      elements: [
        { type: 'plain_text', text: truncate(control.label.text, SLACK_LIMITS.contextText), emoji: true },
      ],
    });
    blocks.push({
      type: 'actions',
      block_id: valueBlockId(blockIndex * 100 + i, control.value).slice(0, SLACK_LIMITS.blockId),
      elements: [renderControl(control)],
    });
  });
  return blocks;
}
