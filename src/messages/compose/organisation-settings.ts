import { type AdminPart, logistics } from '../../confidentiality/parts.js';
import { opaque, words } from '../../confidentiality/words.js';
import type { ActionId, FormId } from '../../controls/controls.js';
import {
  type EngagementDefaults,
  type SettingKey,
  settingKeys,
  settingSpecs,
} from '../../engagement/organisation-settings.js';
import { command, phrase, phraseParts } from '../command-hint.js';
import type { AdminMessage, Block, Form, FormField } from '../message.js';
import { weekdayName, weekdayNames } from './prompt-rhythm.js';
import { context, header, section } from './text.js';

export const settingsActions = {
  /** "Change settings" on HR's settings section (App Home, the `settings` reply): opens the form. */
  edit: 'hr.settings.edit',
  save: 'hr.settings.save',
} as const satisfies { edit: ActionId; save: FormId };

/** The form's choice: the new defaults for new engagements only, or for live ones too. */
export const applyChoices = { new: 'new', existing: 'existing' } as const;

/** A setting's value as a person reads it. */
function shown(key: SettingKey, values: EngagementDefaults): string {
  switch (key) {
    case 'cadence':
      return values.cadence;
    case 'promptWeekday':
      return weekdayName(values.promptWeekday);
    case 'promptTime':
      return `${values.promptTime}, in each client's zone`;
    case 'weeks':
      return `${values.weeks} weeks`;
    case 'retentionDays':
      return `${values.retentionDays} days after an engagement closes`;
    case 'timeZone':
      return values.timeZone;
    case 'workingHours':
      return values.workingHours === 'always'
        ? 'any time'
        : `${settingSpecs.workingHours.write(values.workingHours)}, Monday to Friday`;
  }
}

/**
 * The organisation's settings, for an HR admin: each default for new engagements, marked where it is still the
 * server's default, and a button to change them (the same message on Slack's App Home, in a Teams card and as the
 * local `settings` reply). `note` says what the request just changed.
 */
export function settingsMessage(input: {
  personId: string;
  values: EngagementDefaults;
  /** Settings the organisation has not set (the server's defaults apply). */
  inherited: ReadonlySet<SettingKey>;
  note?: string | undefined;
}): AdminMessage {
  const lines = settingKeys.map(
    (key) =>
      `• ${settingSpecs[key].label}: ${shown(key, input.values)}${input.inherited.has(key) ? ' (server default)' : ''}`,
  );
  const blocks: Block<ReturnType<typeof section>['text'][number]>[] = [
    header('Organisation settings'),
    ...(input.note ? [section(input.note)] : []),
    section(lines.join('\n')),
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          actionId: settingsActions.edit,
          label: words('Change settings'),
          value: opaque('settings'),
        },
      ],
    },
  ];
  return {
    audience: 'admin',
    destination: { kind: 'reply', audience: 'admin', personId: input.personId },
    summary: words(input.note ?? 'Organisation settings'),
    blocks: [
      ...blocks,
      {
        type: 'context',
        text: phraseParts(
          phrase`Defaults for new engagements; existing ones keep theirs unless you apply a change to them. ${command('settings')} shows these; HR admins change them.`,
        ),
      },
    ],
  };
}

const textField = (key: SettingKey, values: EngagementDefaults, label: string): FormField<AdminPart> => ({
  type: 'text',
  id: settingSpecs[key].word,
  label: words(label),
  multiline: false,
  maxLength: 40,
  initial: logistics(settingSpecs[key].write(values[key] as never)),
});

/** HR's settings form, pre-set to the current values, with the explicit choice to apply it to live engagements. */
export function settingsForm(personId: string, values: EngagementDefaults): Form<'admin'> {
  return {
    audience: 'admin',
    destination: { kind: 'reply', audience: 'admin', personId },
    formId: settingsActions.save,
    title: words('Organisation settings'),
    submitLabel: words('Save'),
    context: {},
    intro: [
      context('Defaults for new engagements. A value Triad cannot read is refused and nothing changes.'),
    ],
    fields: [
      {
        type: 'choice',
        id: settingSpecs.cadence.word,
        label: words('Reflection questions'),
        options: [
          { label: words('Weekly'), value: opaque('weekly') },
          { label: words('Fortnightly'), value: opaque('fortnightly') },
        ],
        initial: opaque(values.cadence),
      },
      {
        type: 'choice',
        id: settingSpecs.promptWeekday.word,
        label: words('Day of the question'),
        options: weekdayNames.map((name, index) => ({
          label: words(name),
          value: opaque(String(index + 1)),
        })),
        initial: opaque(String(values.promptWeekday)),
      },
      textField('promptTime', values, 'Time of the question (HH:mm, in the client’s zone)'),
      textField('weeks', values, 'Engagement length (weeks, 4–52)'),
      textField('retentionDays', values, 'Keep private content after closing (days, 1–3650)'),
      textField('timeZone', values, 'Default time zone (e.g. Europe/London)'),
      textField('workingHours', values, 'Working hours for nudges and reminders (e.g. 09:00-18:00)'),
      {
        type: 'choice',
        id: 'apply',
        label: words('Apply to'),
        options: [
          { label: words('New engagements only'), value: opaque(applyChoices.new) },
          {
            label: words('New and existing engagements (rhythm and working hours)'),
            value: opaque(applyChoices.existing),
          },
        ],
        initial: opaque(applyChoices.new),
      },
    ],
  };
}
