import { MAX_COACHES } from '../../../src/commands/hr-commands.js';
import { parseCommandInput } from '../../../src/commands/parse-command.js';
import { runParsed } from '../../../src/commands/run-command.js';
import { opaque, words } from '../../../src/confidentiality/words.js';
import { platformFormId } from '../../../src/controls/controls.js';
import { context } from '../../../src/messages/compose/text.js';
import type { Form } from '../../../src/messages/message.js';
import type { Actor } from '../../../src/use-cases/actor.js';
import type { CoreSettings, DirectoryDeps } from '../../../src/use-cases/deps.js';
import { TeamsInputError } from '../errors.js';
import type { TeamsDirectory } from '../teams-directory.js';
import { teamsDialect } from './teams-dialect.js';

/** Teams' own form: `start` typed alone opens it (the Slack adapter opens a modal). */
export const START_FORM_ID = platformFormId('hr.start');

const WEEK_CHOICES = [4, 6, 8, 10, 12, 16, 20, 26, 52];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The start form: people pickers for client, sponsor and coaches, then length and cadence. Labels only. */
export function startForm(hrUserId: string, settings: CoreSettings): Form<'admin'> {
  const weeks = [...new Set([...WEEK_CHOICES, settings.defaultWeeks])].sort((a, b) => a - b);
  return {
    audience: 'admin',
    destination: { kind: 'reply', audience: 'admin', personId: hrUserId },
    formId: START_FORM_ID,
    title: words('Start a coaching engagement'),
    submitLabel: words('Start'),
    context: {},
    intro: [
      context(
        'Pick the client, their sponsor and one coach, or up to five for the client to choose from. Triad must be installed for each of them.',
      ),
    ],
    fields: [
      { type: 'users', id: 'client', label: words('Client'), max: 1 },
      { type: 'users', id: 'sponsor', label: words('Sponsor'), max: 1 },
      {
        type: 'users',
        id: 'coaches',
        label: words(`Coach, or a shortlist of up to ${MAX_COACHES}`),
        max: MAX_COACHES,
      },
      {
        type: 'choice',
        id: 'weeks',
        label: words('Length'),
        options: weeks.map((n) => ({ label: words(`${n} weeks`), value: opaque(String(n)) })),
        initial: opaque(String(settings.defaultWeeks)),
      },
      {
        type: 'choice',
        id: 'cadence',
        label: words('Reflection prompts'),
        options: [
          { label: words('Weekly'), value: opaque('weekly') },
          { label: words('Fortnightly'), value: opaque('fortnightly') },
        ],
        initial: opaque(settings.defaultCadence),
      },
    ],
  };
}

/** The Entra object ids a people picker submitted (one, or several separated by commas). */
function pickedIds(value: string | undefined, role: string, max: number): string[] {
  const ids = (value ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (ids.length === 0) throw new TeamsInputError(`Pick the ${role}.`);
  if (ids.length > max) {
    throw new TeamsInputError(max === 1 ? `Pick one ${role}.` : `Pick at most ${max} coaches.`);
  }
  if (!ids.every((id) => GUID.test(id))) {
    throw new TeamsInputError(
      `The ${role} field did not come from Teams’ people picker.`,
      'Open the form again.',
    );
  }
  return ids;
}

/**
 * A submitted start form → the start command, read and dispatched like `start …` text (rights first, the same
 * checks, then the people picked resolved through the Teams directory).
 */
export async function startFromForm(
  values: Readonly<Record<string, string>>,
  actor: Actor,
  deps: DirectoryDeps,
  directory: TeamsDirectory,
) {
  const dialect = teamsDialect({ mentions: [], directory });
  const fields = {
    client: pickedIds(values.client, 'client', 1),
    sponsor: pickedIds(values.sponsor, 'sponsor', 1),
    coach: pickedIds(values.coaches, 'coach', MAX_COACHES),
    ...(values.weeks ? { weeks: [values.weeks] } : {}),
    ...(values.cadence ? { cadence: [values.cadence] } : {}),
  };
  const outcome = await runParsed(parseCommandInput('start', fields, dialect), actor, deps, dialect);
  if ('form' in outcome) throw new Error('a submitted start form is a start command');
  return { reply: outcome.reply };
}
