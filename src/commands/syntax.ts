import type { Gated } from '../confidentiality/outbound-gate.js';
import type { Cadence } from '../engagement/records.js';
import type { OutboundMessage } from '../messages/message.js';
import type { Action } from '../policy/permissions.js';
import type { Actor } from '../use-cases/actor.js';
import type { DirectoryDeps } from '../use-cases/deps.js';
import type { EngagementRef } from '../use-cases/shared/engagement-access.js';

/**
 * The building blocks of a command's syntax. Options are order-free `key:value` words; a command may also take
 * one engagement (its client or its id) as its first word. Each kind knows its own refusals (see parse-command).
 */
export type OptionSyntax =
  /** Exactly one person, e.g. `client:@jane`. */
  | {
      kind: 'person';
      example: string;
      role?: string;
      /** The refusal when it is missing; `{…}` is a command written in the platform's words. */
      missing?: string;
    }
  /** One or more people (`coach:@kim coach:@lee`), between `min` and `max`. */
  | {
      kind: 'people';
      example: string;
      more: string;
      min: number;
      max: number;
      /** How a refusal names more than one (`coaches`). */
      plural: string;
      role?: string;
    }
  /** Length in weeks, 4–52, optional. */
  | { kind: 'weeks' }
  /** Reflection prompt cadence, optional. */
  | { kind: 'cadence' }
  /** A value the use case reads with its own schema (an organisation setting), optional, e.g. `time:09:30`. */
  | { kind: 'text'; example: string };

/** A word after the command name that acts on one person: `admins add @lee`. */
export interface VerbSyntax {
  /** How refusals name the person (`Name the person to add …`). */
  readonly role: string;
  /** `reachable` for someone the command gives something to; `id` when they may have left (a removal). */
  readonly check: 'reachable' | 'id';
}

export interface Syntax {
  /** The first word names the engagement: the client (a person) or the engagement's id. */
  readonly target?: boolean;
  readonly options?: Readonly<Record<string, OptionSyntax>>;
  /** Typed alone, the command opens the platform's form for it instead (the same checks run on submit). */
  readonly form?: boolean;
  /** Every person named must be a different person. */
  readonly distinctPeople?: boolean;
  /** Words that may follow the name, each with one person (`admins add @lee`); alone, the command just runs. */
  readonly verbs?: Readonly<Record<string, VerbSyntax>>;
}

type ValueOf<O extends OptionSyntax> = O extends { kind: 'person' }
  ? string
  : O extends { kind: 'people' }
    ? string[]
    : O extends { kind: 'weeks' }
      ? number | undefined
      : O extends { kind: 'cadence' }
        ? Cadence | undefined
        : O extends { kind: 'text' }
          ? string | undefined
          : never;

/** What a command's use case receives: people as platform user ids, the engagement as a structured reference. */
export type ArgsOf<S extends Syntax> = (S['target'] extends true ? { engagement: EngagementRef } : unknown) &
  (S['verbs'] extends Readonly<Record<string, VerbSyntax>>
    ? { verb: (keyof S['verbs'] & string) | undefined; person: string | undefined }
    : unknown) & {
    -readonly [K in keyof NonNullable<S['options']>]: ValueOf<NonNullable<S['options']>[K]>;
  };

/** How a platform shows command text: used by help and hints generated from the table. */
export interface Wording {
  /** Command text shown back (`code` on Slack). */
  quote(text: string): string;
  /** A command as it is typed, e.g. `/coaching list` on Slack, “list” on Teams. */
  written(command: string): string;
  /** The platform's line on how to name people in a command, for help. */
  naming?: string;
}

/** What running a command gives back: its gated reply (and the engagement it was about, for logs). */
export interface CommandReply {
  reply: Gated<OutboundMessage>;
  engagementId?: string;
}

export interface RunContext {
  actor: Actor;
  deps: DirectoryDeps;
  wording: Wording;
}

/** One entry of the grammar table: everything a subcommand is, from its words to its use case. */
export interface CommandSpec<S extends Syntax = Syntax> {
  readonly name: string;
  readonly syntax: S;
  /** One line for platform command menus (the Teams manifest), under 128 characters. */
  readonly summary: string;
  /** What it does, after its usage in help; `w.written('start')` names another command in the platform's words. */
  readonly help: (w: Wording) => string;
  /** The permission it needs, checked before any person is looked up; none for help. */
  readonly action?: Action;
  /** Runs its use case and returns the gated reply. */
  readonly run: (args: ArgsOf<S>, context: RunContext) => Promise<CommandReply>;
}

/** A table entry with its syntax type forgotten, as the parser and dispatcher see it. */
export type AnyCommandSpec = CommandSpec<Syntax> & {
  readonly run: (args: Record<string, unknown>, context: RunContext) => Promise<CommandReply>;
};

/** Declares a table entry, checking `run` against its syntax. */
export const command = <const S extends Syntax>(spec: CommandSpec<S>): AnyCommandSpec =>
  spec as unknown as AnyCommandSpec;
