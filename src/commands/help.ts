import { words } from '../confidentiality/words.js';
import { context, header, section } from '../messages/compose/text.js';
import type { OutboundMessage } from '../messages/message.js';
import type { AnyCommandSpec, OptionSyntax, Wording } from './syntax.js';

/** An option as help writes it: `client:@jane`, `coach:@kim [coach:@lee …]`, `[weeks:12]`. */
function optionUsage(key: string, option: OptionSyntax): string {
  switch (option.kind) {
    case 'person':
      return `${key}:${option.example}`;
    case 'people':
      return `${key}:${option.example} [${key}:${option.more} …]`;
    case 'weeks':
      return '[weeks:12]';
    case 'cadence':
      return '[cadence:weekly|fortnightly]';
    case 'text':
      return `[${key}:${option.example}]`;
  }
}

/** How a command is typed, generated from its syntax (without the platform's prefix). */
export function usagesOf(spec: AnyCommandSpec): string[] {
  const options = Object.entries(spec.syntax.options ?? {})
    .map(([key, option]) => ` ${optionUsage(key, option)}`)
    .join('');
  if (spec.syntax.target) return [`${spec.name} @jane${options}`, `${spec.name} 1a2b3c4d${options}`];
  const verbs = Object.keys(spec.syntax.verbs ?? {}).map((verb) => `${spec.name} ${verb} @jane`);
  return [`${spec.name}${options}`, ...verbs];
}

/** One line of help: the command's usages in the platform's words, then what it does. */
export const helpLine = (spec: AnyCommandSpec, w: Wording) =>
  `${usagesOf(spec)
    .map((usage) => w.written(usage))
    .join(' or ')} — ${spec.help(w)}`;

export const HELP_TITLE = 'Triad commands';
export const HELP_NOTE =
  'HR sees lifecycle status only. Coaching content stays with the client (and what they share with their coach).';

/**
 * The HR commands' help, generated from the grammar table in the platform's words. Static: nothing about any
 * engagement. `naming` is the platform's line on how to name people.
 */
export function commandHelp(
  personId: string,
  commands: readonly AnyCommandSpec[],
  w: Wording,
  naming?: string,
): OutboundMessage<'private'> {
  const lines = commands.filter((spec) => spec.name !== 'help').map((spec) => helpLine(spec, w));
  return {
    audience: 'private',
    destination: { kind: 'reply', audience: 'private', personId },
    summary: words(HELP_TITLE),
    blocks: [
      header(HELP_TITLE),
      ...[...lines, ...(naming ? [naming] : [])].map((line) => section(line)),
      context(HELP_NOTE),
    ],
  };
}
