import { z } from 'zod';
import { isLive } from '../../engagement/lifecycle.js';
import {
  readSetting,
  type SettingKey,
  settingKeys,
  settingSpecs,
} from '../../engagement/organisation-settings.js';
import type { Engagement } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import { applyChoices, settingsMessage } from '../../messages/compose/organisation-settings.js';
import { inTransaction, type Unit } from '../../outbox/unit.js';
import { actorSchema, requireHr, resolveActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { ensureOrganisation } from '../people.js';
import { updateEngagement } from '../shared/engagement-update.js';
import { parseInput } from '../shared/parse-input.js';
import { currentSettings } from './organisation-settings.js';

const settingText = z.string().max(100, 'That value is too long.').optional();

export const changeSettingsInput = z.object({
  actor: actorSchema,
  /** Each setting's text by its word (`cadence`, `day`, `time`, `weeks`, `retention`, `zone`, `hours`); empty: unchanged. */
  values: z.object(
    Object.fromEntries(settingKeys.map((key) => [settingSpecs[key].word, settingText])) as Record<
      string,
      typeof settingText
    >,
  ),
  /** `existing`: live engagements take the new prompt rhythm and working hours too. */
  apply: z
    .enum([applyChoices.new, applyChoices.existing], { message: 'Apply to must be new or existing.' })
    .default(applyChoices.new),
});
export type ChangeSettingsInput = z.input<typeof changeSettingsInput>;

/** Reads every given setting with its schema; the first bad one refuses the lot, so nothing changes. */
function readChanges(values: Record<string, string | undefined>) {
  const read: Partial<Record<SettingKey, string>> = {};
  for (const key of settingKeys) {
    const spec = settingSpecs[key];
    const text = values[spec.word]?.trim();
    if (text === undefined || text === '') continue;
    const result = readSetting(key, text);
    if (!result.ok) {
      throw new TriadError(
        'validation_failed',
        result.message,
        `For example ${spec.word}:${spec.example}. Nothing was changed.`,
      );
    }
    read[key] = spec.write(result.value as never);
  }
  return read;
}

/**
 * HR changes the organisation's defaults for new engagements. Every value is read with its setting's schema (the
 * same as the environment's) before anything is written; a bad one refuses the whole change. Retention applies to
 * engagements that close from now on. With `apply: existing`, live engagements take the prompt rhythm and working
 * hours too — except the day and time a client chose for themselves — and their schedules are planned again.
 * Audited as `organisation_settings_changed` (settings only, no content).
 */
export async function changeSettings(raw: ChangeSettingsInput, deps: CoreDeps) {
  const input = parseInput(changeSettingsInput, raw);
  const wanted = readChanges(input.values);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    requireHr(resolved, 'change_organisation_settings');
    // The organisation row is only made when something is saved: a save that changes nothing writes nothing.
    let organisation = resolved.organisation;
    const before = currentSettings(organisation, deps.settings).values;
    const changed = Object.fromEntries(
      (Object.entries(wanted) as [SettingKey, string][]).filter(
        ([key, text]) => settingSpecs[key].write(before[key] as never) !== text,
      ),
    ) as Partial<Record<SettingKey, string>>;
    const { retentionDays, ...defaults } = changed;
    if (Object.keys(changed).length > 0) {
      organisation = await ensureOrganisation(repos, deps, organisation);
      organisation = {
        ...organisation,
        defaults: { ...organisation.defaults, ...defaults },
        retentionDays: retentionDays === undefined ? organisation.retentionDays : Number(retentionDays),
      };
      await repos.organisations.update(organisation);
    }
    const now = currentSettings(organisation, deps.settings);
    const updated =
      input.apply === applyChoices.existing && organisation.id
        ? await applyToLive(unit, deps, organisation.id)
        : 0;
    if (Object.keys(changed).length > 0 || updated > 0) {
      await unit.audit({
        engagementId: null,
        actorId: resolved.person?.id ?? null,
        action: 'organisation_settings_changed',
        details: {
          organisationId: organisation.id,
          changed,
          applyToExisting: input.apply === applyChoices.existing,
          engagementsUpdated: updated,
        },
      });
    }
    const names = Object.keys(changed).map((key) => settingSpecs[key as SettingKey].label.toLowerCase());
    const note =
      names.length === 0
        ? 'Nothing to change: these are the settings already.'
        : `Saved: ${names.join(', ')}.`;
    const applied =
      input.apply === applyChoices.existing
        ? ` Applied to ${updated} live engagement${updated === 1 ? '' : 's'}.`
        : '';
    const personId = resolved.person?.id ?? input.actor.platformUserId;
    const message = settingsMessage({ personId, ...now, note: `${note}${applied}` });
    return { reply: await unit.reply(message), changed, engagementsUpdated: updated };
  });

  /** Live engagements take the organisation's rhythm and working hours; returns how many changed. */
  async function applyToLive(unit: Unit, core: CoreDeps, organisationId: string): Promise<number> {
    const organisation = await unit.repos.organisations.get(organisationId);
    const { values } = currentSettings(organisation, core.settings);
    const hours = settingSpecs.workingHours.write(values.workingHours);
    let count = 0;
    for (const engagement of await unit.repos.engagements.listByOrganisation(organisationId)) {
      if (!isLive(engagement.stage)) continue;
      const ownRhythm = (await unit.repos.audit.listByEngagement(engagement.id)).some(
        (entry) => entry.action === 'prompt_rhythm_set',
      );
      const patch: Partial<Engagement> = {
        cadence: values.cadence,
        workingHours: hours,
        ...(ownRhythm ? {} : { promptWeekday: values.promptWeekday, promptTime: values.promptTime }),
      };
      const differs = (Object.keys(patch) as (keyof Engagement)[]).some((k) => patch[k] !== engagement[k]);
      if (!differs) continue;
      const fresh = await unit.repos.engagements.getForUpdate(engagement.id);
      if (!fresh) continue;
      await updateEngagement(unit.repos, fresh, patch, core.clock.now());
      unit.touch(engagement.id);
      count += 1;
    }
    return count;
  }
}
