import { z } from 'zod';

/**
 * What a Triad card action carries back: the core's action id and an opaque id (`value`), nothing else of
 * substance. Teams merges the card's input values into the same object, so inputs are the keys not listed here.
 */
export const FORM_SUBMIT = 'form.submit';

export interface ActionData {
  actionId: string;
  value?: string;
  /** The input (a date/time pair or a choice) whose value the action submits. */
  field?: string;
  /** The outbox entry the card was sent from, so the card can be refreshed in place after the action. */
  outboxId?: string;
  /** For FORM_SUBMIT: the core's form id and its opaque context ids. */
  formId?: string;
  context?: Record<string, string>;
}

const RESERVED = new Set(['actionId', 'value', 'field', 'outboxId', 'formId', 'context', 'verb', 'msteams']);
const id = z.string().min(1).max(200);

const actionData = z.object({
  actionId: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[a-z][a-z_.]*$/),
  value: id.optional(),
  field: z
    .string()
    .max(40)
    .regex(/^[A-Za-z0-9_]+$/)
    .optional(),
  outboxId: z.uuid().optional(),
  formId: z
    .string()
    .max(100)
    .regex(/^[a-z][a-z_.]*$/)
    .optional(),
  context: z.record(z.string().max(40), id).optional(),
});

export interface CardAction extends ActionData {
  /** Input values by input id (text, dates, times, chosen values). */
  inputs: Record<string, string>;
}

export type ReadAction = { ok: true; action: CardAction } | { ok: false; reason: string };

/** The data object of an Action.Execute invoke, a dialog's `task/fetch` / `task/submit`, or an Action.Submit message. */
export function cardDataOf(activity: {
  type?: string;
  name?: string;
  value?: unknown;
}): Record<string, unknown> | undefined {
  const value = activity.value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  if (activity.type === 'invoke' && (activity.name === 'task/fetch' || activity.name === 'task/submit')) {
    const data = (value as { data?: unknown }).data;
    if (!data || typeof data !== 'object' || Array.isArray(data)) return {};
    const { msteams: _msteams, ...rest } = data as Record<string, unknown>;
    return rest;
  }
  if (activity.type === 'invoke') {
    if (activity.name !== 'adaptiveCard/action') return undefined;
    const data = (value as { action?: { data?: unknown } }).action?.data;
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  }
  return value as Record<string, unknown>;
}

/** Reads and checks a card action; a malformed one is refused with a reason (never with its content). */
export function readCardAction(data: Record<string, unknown>): ReadAction {
  const known: Record<string, unknown> = {};
  const inputs: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    if (RESERVED.has(key)) known[key] = value;
    else if (typeof value === 'string') inputs[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') inputs[key] = String(value);
    // No Adaptive Card input submits a list or an object: such a value is forged, and the whole action with it.
    // The reason is logged: it names no input, whose name the sender chose.
    else if (typeof value === 'object' && value !== null) return { ok: false, reason: 'input: not a value' };
  }
  delete known.verb;
  delete known.msteams;
  const parsed = actionData.safeParse(known);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `${issue?.path.join('.') || 'data'}: ${issue?.code ?? 'invalid'}` };
  }
  return { ok: true, action: { ...parsed.data, inputs } };
}

/** The data a rendered action carries. */
export function packData(data: ActionData): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
}
