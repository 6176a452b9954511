import type { Actor } from '../use-cases/actor.js';
import { requireHrRights } from '../use-cases/actor.js';
import type { DirectoryDeps } from '../use-cases/deps.js';
import type { EngagementRef } from '../use-cases/shared/engagement-access.js';
import type { CommandDialect } from './dialect.js';
import { type EngagementTarget, type ParsedCommand, parseCommand, wordingOf } from './parse-command.js';
import type { CommandReply } from './syntax.js';

/**
 * What a command led to: its use case's gated reply, or (a form command typed alone, after the rights check)
 * the platform's form to open — Slack opens a modal, Teams sends a card; either submits back through
 * `runParsed` via `parseCommandInput`.
 */
export type CommandOutcome = (CommandReply & { command: string }) | { command: string; form: string };

async function engagementOf<P>(
  target: EngagementTarget<P>,
  dialect: CommandDialect<P>,
): Promise<EngagementRef> {
  if (target.kind === 'id') return { kind: 'id', id: target.id };
  return { kind: 'client', platformUserId: await dialect.resolvePerson(target.person, 'client', 'id') };
}

/** The use case's arguments: every person named resolved to a platform user id, one after the other. */
async function argsOf<P>(
  parsed: Extract<ParsedCommand<P>, { kind: 'run' }>,
  dialect: CommandDialect<P>,
): Promise<Record<string, unknown>> {
  const args: Record<string, unknown> = {};
  if (parsed.target) args.engagement = await engagementOf(parsed.target, dialect);
  if (parsed.spec.syntax.verbs) {
    const verb = parsed.verb ? parsed.spec.syntax.verbs[parsed.verb.word] : undefined;
    args.verb = parsed.verb?.word;
    args.person =
      parsed.verb && verb
        ? await dialect.resolvePerson(parsed.verb.person, verb.role, verb.check)
        : undefined;
  }
  for (const [key, option] of Object.entries(parsed.spec.syntax.options ?? {})) {
    const value = parsed.options[key];
    const role = ('role' in option ? option.role : undefined) ?? key;
    if (option.kind === 'person') {
      args[key] = await dialect.resolvePerson(value as P, role, 'reachable');
    } else if (option.kind === 'people') {
      const ids: string[] = [];
      for (const person of value as P[]) ids.push(await dialect.resolvePerson(person, role, 'reachable'));
      args[key] = ids;
    } else if (value !== undefined) args[key] = value;
  }
  return args;
}

/**
 * The one dispatcher, for every platform: checks the actor's rights for the command first (so a refused request
 * looks nobody up, not even in the platform's directory), resolves the people it names through the dialect,
 * then runs the table entry's use case and returns its gated reply.
 */
export async function runParsed<P>(
  parsed: ParsedCommand<P>,
  actor: Actor,
  deps: DirectoryDeps,
  dialect: CommandDialect<P>,
): Promise<CommandOutcome> {
  const { spec } = parsed;
  if (spec.action) await requireHrRights(deps, actor, spec.action);
  if (parsed.kind === 'form') return { command: spec.name, form: spec.name };
  const args = await argsOf(parsed, dialect);
  const result = await spec.run(args, { actor, deps, wording: wordingOf(dialect) });
  return {
    command: spec.name,
    reply: result.reply,
    ...(result.engagementId ? { engagementId: result.engagementId } : {}),
  };
}

/** Parses `text` in the platform's dialect and runs it: `/coaching …` on Slack and locally, an HR DM on Teams. */
export async function runCommand<P>(
  text: string,
  actor: Actor,
  deps: DirectoryDeps,
  dialect: CommandDialect<P>,
): Promise<CommandOutcome> {
  return runParsed(parseCommand(text, dialect), actor, deps, dialect);
}
