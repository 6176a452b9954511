import type { Block, Form, OutboundMessage } from '../messages/message.js';
import { isOpaqueValue, isSummary, isWords } from './words.js';

/** Where a string sits in a message or form; refusal reasons name the place, never the content. */
type Place =
  | 'summary'
  | 'header'
  | 'field_label'
  | 'button_label'
  | 'button_value'
  | 'select_placeholder'
  | 'option_label'
  | 'option_value'
  | 'picker_label'
  | 'picker_value'
  | 'picker_initial'
  | 'form_title'
  | 'form_submit_label'
  | 'form_context'
  | 'form_field_label'
  | 'form_field_hint'
  | 'form_field_initial'
  | 'mention_name'
  | 'mention_person'
  | 'mention_user'
  | 'file_origin'
  | 'image_url'
  | 'image_alt';

interface Strings {
  summary?: unknown;
  words: [Place, unknown][];
  values: [Place, unknown][];
  unknown: string[];
}

/** An image is shown from an https link without spaces or markup, nothing else. */
const isHttpsLink = (url: string) => /^https:\/\/[^\s<>"]{1,490}$/.test(url);

const list = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

function collectOptions(strings: Strings, options: unknown): void {
  for (const option of list(options) as { label?: unknown; value?: unknown }[]) {
    strings.words.push(['option_label', option?.label]);
    strings.values.push(['option_value', option?.value]);
  }
}

function collectBlocks(strings: Strings, blocks: readonly Block[]): void {
  for (const block of blocks) {
    switch (block.type) {
      case 'header':
        strings.words.push(['header', block.text]);
        break;
      case 'fields':
        for (const field of list(block.fields) as Extract<Block, { type: 'fields' }>['fields'])
          strings.words.push(['field_label', field.label]);
        break;
      case 'actions':
        for (const control of list(block.elements) as Extract<Block, { type: 'actions' }>['elements']) {
          if (control.type === 'button') {
            strings.words.push(['button_label', control.label]);
            strings.values.push(['button_value', control.value]);
          } else if (control.type === 'select') {
            strings.words.push(['select_placeholder', control.placeholder]);
            collectOptions(strings, control.options);
          } else if (control.type === 'datetime') {
            strings.words.push(['picker_label', control.label]);
            strings.values.push(['picker_value', control.value]);
            if (control.initial !== undefined) strings.values.push(['picker_initial', control.initial]);
          } else strings.unknown.push('control');
        }
        break;
      case 'section':
        if (block.image !== undefined) {
          strings.words.push(['image_url', block.image?.url], ['image_alt', block.image?.alt]);
          if (!isWords(block.image?.url) || !isHttpsLink(block.image.url.text)) strings.unknown.push('image');
        }
        break;
      case 'context':
      case 'divider':
        break;
      default:
        strings.unknown.push('block');
    }
  }
}

function collectForm(strings: Strings, form: Form): void {
  strings.words.push(['form_title', form.title], ['form_submit_label', form.submitLabel]);
  for (const value of Object.values(form.context ?? {})) strings.values.push(['form_context', value]);
  for (const field of list(form.fields) as Form['fields']) {
    strings.words.push(['form_field_label', field.label]);
    if (field.type === 'text') {
      if (field.hint !== undefined) strings.words.push(['form_field_hint', field.hint]);
    } else if (field.type === 'choice') {
      collectOptions(strings, field.options);
      if (field.initial !== undefined) strings.values.push(['form_field_initial', field.initial]);
    } else if (field.type === 'datetime') {
      if (field.initial !== undefined) strings.values.push(['form_field_initial', field.initial]);
    } else if (field.type !== 'users') strings.unknown.push('field');
  }
}

/**
 * The strings of a message or form that are not parts — summary, headers, titles, labels, hints, placeholders —
 * must be Words (bot-composed logistics; the summary may hold meeting times too) — a mention's name too — and every value a button, option, picker or form carries back must be
 * an opaque id (a mention's person and platform user ids as well). Returns the first violation as a reason naming the place (never the content), or undefined.
 * A bare string smuggled in with a cast, a PrivateText or a part of another kind is refused here, and so is a
 * block, control or field of a type the gate does not know (its strings could not be checked).
 */
export function stringsViolation(item: OutboundMessage | Form): string | undefined {
  const strings: Strings = { words: [], values: [], unknown: [] };
  if ('blocks' in item) {
    strings.summary = item.summary;
    for (const mention of list(item.notify) as NonNullable<OutboundMessage['notify']>) {
      strings.words.push(['mention_name', mention?.name]);
      strings.values.push(['mention_person', mention?.personId], ['mention_user', mention?.platformUserId]);
    }
    collectBlocks(strings, list(item.blocks) as Block[]);
    const origin: unknown = item.file?.origin;
    if (origin !== undefined) {
      const { kind, ...ids } = (origin ?? {}) as Record<string, unknown>;
      if (kind !== 'export' && kind !== 'report' && kind !== 'invite') strings.unknown.push('file_origin');
      for (const id of Object.values(ids)) strings.values.push(['file_origin', id]);
    }
  } else {
    collectForm(strings, item);
    collectBlocks(strings, list(item.intro) as Block[]);
  }
  const [unknown] = strings.unknown;
  if (unknown) return `unknown_${unknown}`;
  if ('blocks' in item && !isSummary(strings.summary)) return 'summary_not_words';
  for (const [place, value] of strings.words) if (!isWords(value)) return `${place}_not_words`;
  for (const [place, value] of strings.values) if (!isOpaqueValue(value)) return `${place}_not_opaque`;
  return undefined;
}
