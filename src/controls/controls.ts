import { TriadError } from '../errors.js';
import type { DirectoryDeps } from '../use-cases/deps.js';
import { type ActionId, actionTable } from './action-table.js';
import type { ActionPress, ControlAnswer, FormSubmission } from './control.js';
import { type FormId, formTable } from './form-table.js';

export type { ActionId } from './action-table.js';
export type { ActionPress, ControlAnswer, FormSubmission, PickedTime } from './control.js';
export type { FormId } from './form-table.js';

declare const platformForm: unique symbol;

/**
 * A form a platform builds and answers itself (Teams' start form), never one the core composes. Branded, so a
 * composer cannot pass a stray string off as one.
 */
export type PlatformFormId = string & { readonly [platformForm]: true };
export const platformFormId = (id: string): PlatformFormId => id as PlatformFormId;

export const actionIds = Object.keys(actionTable) as readonly ActionId[];
export const formIds = Object.keys(formTable) as readonly FormId[];

export const isActionId = (id: string): id is ActionId => Object.hasOwn(actionTable, id);
export const isFormId = (id: string): id is FormId => Object.hasOwn(formTable, id);

/** Whether a control acts only with a date and time the person picked (so the platform asks for one). */
export const needsPickedTime = (actionId: string): boolean =>
  isActionId(actionId) && actionTable[actionId].needsPickedTime;

/** Whether a form is submitted with a picked date and time (the platform reads its picker into `picked`). */
export const formNeedsPickedTime = (formId: string): boolean =>
  isFormId(formId) && formTable[formId].needsPickedTime;

/**
 * Runs the use case behind a button or picker, on any platform. An id Triad never put on a control, or a value
 * it would not have put there, is refused in words and changes nothing.
 */
export async function runAction(
  actionId: string,
  press: ActionPress,
  deps: DirectoryDeps,
): Promise<ControlAnswer> {
  if (!isActionId(actionId)) {
    throw new TriadError(
      'validation_failed',
      'That button is not one Triad knows.',
      'Use the buttons on the latest message.',
    );
  }
  return actionTable[actionId].run(press, deps);
}

/** Runs the use case behind a form's submission, on any platform; unknown forms and bad ids are refused. */
export async function runForm(
  formId: string,
  submission: FormSubmission,
  deps: DirectoryDeps,
): Promise<ControlAnswer> {
  if (!isFormId(formId)) {
    throw new TriadError(
      'validation_failed',
      'That form is not one Triad knows.',
      'Open it again from its button.',
    );
  }
  return formTable[formId].run(submission, deps);
}

/** Each id routed that is not the table's (nor the platform's own), each routed twice, each not routed. */
function mismatches(kind: string, routed: Iterable<string>, table: readonly string[], own: Iterable<string>) {
  const problems: string[] = [];
  const extra = new Set(own);
  const seen = new Set<string>();
  for (const id of routed) {
    if (seen.has(id)) problems.push(`${kind} “${id}” is routed twice`);
    seen.add(id);
    if (!table.includes(id) && !extra.has(id))
      problems.push(`${kind} “${id}” has no entry in the control table`);
  }
  for (const id of table) if (!seen.has(id)) problems.push(`${kind} “${id}” is not routed`);
  return problems;
}

const refuse = (platform: string, problems: string[]) => {
  if (problems.length > 0)
    throw new Error(`${platform} does not route Triad's controls: ${problems.join('; ')}`);
};

/** What is wrong with the action ids a platform routes: nothing when it routes each id of the table once. */
export const actionRouteMismatches = (routed: Iterable<string>) =>
  mismatches('action', routed, actionIds, []);

/** What is wrong with the form ids a platform routes, besides the forms it builds and answers itself. */
export const formRouteMismatches = (routed: Iterable<string>, own: Iterable<string> = []) =>
  mismatches('form', routed, formIds, own);

/**
 * The start-up check (as immich checks that every job has one handler): a platform routes every action id of
 * the control table exactly once and nothing else, so no button a composer can emit goes unanswered.
 */
export function checkActionRoutes(platform: string, routed: Iterable<string>): void {
  refuse(platform, actionRouteMismatches(routed));
}

/** The same check for form ids; `own` are forms the platform builds and answers itself (Teams' start form). */
export function checkFormRoutes(
  platform: string,
  routed: Iterable<string>,
  own: Iterable<string> = [],
): void {
  refuse(platform, formRouteMismatches(routed, own));
}
