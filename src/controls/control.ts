import type { z } from 'zod';
import type { Gated } from '../confidentiality/outbound-gate.js';
import { TriadError } from '../errors.js';
import type { Form, OutboundMessage } from '../messages/message.js';
import type { Actor } from '../use-cases/actor.js';
import type { DirectoryDeps } from '../use-cases/deps.js';

/** What a use case answers the person who pressed or submitted: a reply, a form to fill in, or both. */
export interface ControlAnswer {
  reply?: Gated<OutboundMessage> | Gated<Form>;
  form?: Gated<Form>;
}

/** A date and time a person picked, as the wall-clock time in their own zone (the platform knows the zone). */
export interface PickedTime {
  /** `YYYY-MM-DDTHH:mm`. */
  localDateTime: string;
  timeZone?: string;
}

/** A button or picker pressed on any platform: who, the value the control carried (ids only), a picked time. */
export interface ActionPress {
  actor: Actor;
  value: string;
  picked?: PickedTime | undefined;
}

/**
 * A form submitted on any platform: the ids it carried back, its fields as they came (the form's schema reads
 * them: a field that came back as something the form did not ask for is refused), and a picked time.
 */
export interface FormSubmission {
  actor: Actor;
  context: Readonly<Record<string, string>>;
  fields: Readonly<Record<string, unknown>>;
  /** The submission's own key, so a re-sent one is recognised. */
  requestKey: string;
  picked?: PickedTime | undefined;
}

/** One row of the action table, its types erased so that every platform dispatches the same way. */
export interface ActionControl {
  /** Whether the control acts only with a date and time the person picked (the platform shows a picker). */
  readonly needsPickedTime: boolean;
  run(press: ActionPress, deps: DirectoryDeps): Promise<ControlAnswer>;
}

/** One row of the form table. */
export interface FormControl {
  readonly needsPickedTime: boolean;
  run(submission: FormSubmission, deps: DirectoryDeps): Promise<ControlAnswer>;
}

type WithPicked<P extends boolean> = P extends true ? { picked: PickedTime } : unknown;

/** Refused words: the schema's first message, as a validation failure that changes nothing. */
function parsed<T>(schema: z.ZodType<T>, raw: unknown, hint?: string): T {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw new TriadError(
    'validation_failed',
    result.error.issues[0]?.message ?? 'That button is not one Triad made.',
    hint,
  );
}

export const pickTimeFirst = () => new TriadError('validation_failed', 'Pick a date and time first.');

/**
 * A button or picker: the schema of the value it carries (ids only — a bad or replayed value is refused with
 * the schema's words before any use case runs) and the one use case it runs.
 */
export function action<V, P extends boolean = false>(spec: {
  value: z.ZodType<V>;
  /** Set when the control acts only with a picked date and time. */
  picked?: P;
  /** What a person can do about a bad value. */
  hint?: string;
  run(input: { actor: Actor; value: V } & WithPicked<P>, deps: DirectoryDeps): Promise<ControlAnswer>;
}): ActionControl {
  const needsPickedTime = spec.picked === true;
  return {
    needsPickedTime,
    run(press, deps) {
      const value = parsed(spec.value, press.value, spec.hint);
      if (needsPickedTime && !press.picked) throw pickTimeFirst();
      const input = { actor: press.actor, value, ...(needsPickedTime ? { picked: press.picked } : {}) };
      return spec.run(input as { actor: Actor; value: V } & WithPicked<P>, deps);
    },
  };
}

/**
 * A form: the schema of the ids it carries back (context), of its fields (text, '' when left empty), and the
 * one use case its submission runs.
 */
export function form<C, F, P extends boolean = false>(spec: {
  context: z.ZodType<C>;
  fields: z.ZodType<F>;
  picked?: P;
  run(
    input: { actor: Actor; context: C; fields: F; requestKey: string } & WithPicked<P>,
    deps: DirectoryDeps,
  ): Promise<ControlAnswer>;
}): FormControl {
  const needsPickedTime = spec.picked === true;
  return {
    needsPickedTime,
    run(submission, deps) {
      const context = parsed(spec.context, submission.context, 'Open the form again from its button.');
      const fields = parsed(spec.fields, submission.fields);
      if (needsPickedTime && !submission.picked) throw pickTimeFirst();
      const input = {
        actor: submission.actor,
        context,
        fields,
        requestKey: submission.requestKey,
        ...(needsPickedTime ? { picked: submission.picked } : {}),
      };
      return spec.run(
        input as { actor: Actor; context: C; fields: F; requestKey: string } & WithPicked<P>,
        deps,
      );
    },
  };
}
