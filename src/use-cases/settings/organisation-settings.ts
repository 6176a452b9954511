import { z } from 'zod';
import {
  type EngagementDefaults,
  effectiveDefaults,
  type SettingKey,
  settingKeys,
} from '../../engagement/organisation-settings.js';
import type { Organisation } from '../../engagement/records.js';
import { settingsForm, settingsMessage } from '../../messages/compose/organisation-settings.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, requireHr, resolveActor } from '../actor.js';
import type { CoreDeps, CoreSettings } from '../deps.js';
import { parseInput } from '../shared/parse-input.js';

/** The environment's defaults, as settings: what an organisation that set nothing has. */
export const environmentDefaults = (settings: CoreSettings): EngagementDefaults => ({
  cadence: settings.defaultCadence,
  promptWeekday: settings.defaultPromptWeekday,
  promptTime: settings.defaultPromptTime,
  weeks: settings.defaultWeeks,
  retentionDays: settings.retentionDays,
  timeZone: settings.defaultTimeZone,
  workingHours: settings.workingHours,
});

/** An organisation's settings now, and which of them are still the server's defaults. */
export function currentSettings(
  organisation: Organisation | undefined,
  settings: CoreSettings,
): { values: EngagementDefaults; inherited: Set<SettingKey> } {
  const stored = organisation?.id ? organisation : undefined;
  const values = effectiveDefaults(stored, environmentDefaults(settings));
  const inherited = new Set(
    settingKeys.filter((key) => key !== 'retentionDays' && stored?.defaults[key] === undefined),
  );
  if (!stored) inherited.add('retentionDays');
  return { values, inherited };
}

export const showSettingsInput = z.object({ actor: actorSchema });
export type ShowSettingsInput = z.input<typeof showSettingsInput>;

/** `settings` typed alone: the organisation's defaults for new engagements, for an HR admin. */
export async function showSettings(raw: ShowSettingsInput, deps: CoreDeps) {
  const input = parseInput(showSettingsInput, raw);
  return inTransaction(deps, async (unit) => {
    const resolved = await resolveActor(unit.repos, deps, input.actor);
    requireHr(resolved, 'view_organisation_settings');
    const personId = resolved.person?.id ?? input.actor.platformUserId;
    const message = settingsMessage({ personId, ...currentSettings(resolved.organisation, deps.settings) });
    return { reply: await unit.reply(message) };
  });
}

/** "Change settings": HR's settings form, pre-set to the organisation's values. */
export async function openSettingsForm(raw: ShowSettingsInput, deps: CoreDeps) {
  const input = parseInput(showSettingsInput, raw);
  return inTransaction(deps, async (unit) => {
    const resolved = await resolveActor(unit.repos, deps, input.actor);
    requireHr(resolved, 'change_organisation_settings');
    const personId = resolved.person?.id ?? input.actor.platformUserId;
    const { values } = currentSettings(resolved.organisation, deps.settings);
    return { form: await unit.reply(settingsForm(personId, values)) };
  });
}
