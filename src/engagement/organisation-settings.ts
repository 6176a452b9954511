import { z } from 'zod';
import type { WorkingHours } from '../prompts/prompt-schedule.js';
import { type Cadence, cadences } from './records.js';

/**
 * The organisation defaults HR can set, each with ONE zod schema that reads it from text: the environment's
 * defaults (`bin/config/core.config.ts`) and HR's settings (form, card, typed command) both parse with these, so
 * a value accepted in one place is accepted in the other. Messages start with "must …": the environment puts the
 * variable's name before them, the product the setting's label.
 */

/** `weekly` or `fortnightly`, any case. */
export const cadenceSetting = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim().toLowerCase() : value),
  z.enum(cadences, { message: 'must be weekly or fortnightly' }),
);

/** A working day for the reflection question: 1 (Monday) … 5 (Friday). */
export const promptWeekdaySetting = z.coerce
  .number({ message: 'must be a working day from 1 (Monday) to 5 (Friday)' })
  .int('must be a working day from 1 (Monday) to 5 (Friday)')
  .min(1, 'must be a working day from 1 (Monday) to 5 (Friday)')
  .max(5, 'must be a working day from 1 (Monday) to 5 (Friday)');

/** A local time, `HH:mm` on the 24-hour clock. */
export const promptTimeSetting = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time like 09:30');

/** An engagement's length in weeks. */
export const engagementWeeksSetting = z.coerce
  .number({ message: 'must be a whole number of weeks from 4 to 52' })
  .int('must be a whole number of weeks from 4 to 52')
  .min(4, 'must be a whole number of weeks from 4 to 52')
  .max(52, 'must be a whole number of weeks from 4 to 52');

/** Days private content is kept after an engagement closes. */
export const retentionDaysSetting = z.coerce
  .number({ message: 'must be a whole number of days from 1 to 3650' })
  .int('must be a whole number of days from 1 to 3650')
  .min(1, 'must be a whole number of days from 1 to 3650')
  .max(3650, 'must be a whole number of days from 1 to 3650');

/** An IANA time zone, e.g. `Europe/London`. */
export const timeZoneSetting = z
  .string()
  .trim()
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return zone !== '';
    } catch {
      return false;
    }
  }, 'must be an IANA time zone like Europe/London');

/** `09:00-18:00` (Monday to Friday, in each client's zone) or `always` (demos). */
export const workingHoursSetting = z
  .string()
  .trim()
  .transform((value, ctx): WorkingHours | 'always' => {
    if (value === 'always') return 'always';
    const match = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]|24):([0-5]\d)$/.exec(value);
    const minutes = (h?: string, m?: string) => Number(h) * 60 + Number(m);
    const startMinute = minutes(match?.[1], match?.[2]);
    const endMinute = minutes(match?.[3], match?.[4]);
    if (!match || endMinute <= startMinute || endMinute > 24 * 60) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a range of 24-hour times like 09:00-18:00 (start before end), or always',
      });
      return z.NEVER;
    }
    return { startMinute, endMinute };
  });

const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** Working hours as their setting is written: `09:00-18:00` or `always`. */
export const writeWorkingHours = (hours: WorkingHours | 'always'): string =>
  hours === 'always' ? 'always' : `${hhmm(hours.startMinute)}-${hhmm(hours.endMinute)}`;

/** The values of HR's defaults for new engagements. */
export interface EngagementDefaults {
  cadence: Cadence;
  promptWeekday: number;
  promptTime: string;
  weeks: number;
  retentionDays: number;
  timeZone: string;
  workingHours: WorkingHours | 'always';
}
export type SettingKey = keyof EngagementDefaults;

interface SettingSpec<K extends SettingKey> {
  /** How a person names it in a refusal: "Prompt time must be …". */
  readonly label: string;
  /** The word of the typed command (`settings time:10:00`). */
  readonly word: string;
  /** An example value, for help. */
  readonly example: string;
  readonly schema: z.ZodType<EngagementDefaults[K], unknown>;
  /** The value written back as its schema reads it. */
  readonly write: (value: EngagementDefaults[K]) => string;
}

/** Every setting HR can change, in the order forms and replies show them. */
export const settingSpecs: { readonly [K in SettingKey]: SettingSpec<K> } = {
  cadence: {
    label: 'Cadence',
    word: 'cadence',
    example: 'fortnightly',
    schema: cadenceSetting,
    write: String,
  },
  promptWeekday: {
    label: 'Prompt day',
    word: 'day',
    example: '2',
    schema: promptWeekdaySetting,
    write: String,
  },
  promptTime: {
    label: 'Prompt time',
    word: 'time',
    example: '09:30',
    schema: promptTimeSetting,
    write: String,
  },
  weeks: {
    label: 'Engagement length',
    word: 'weeks',
    example: '12',
    schema: engagementWeeksSetting,
    write: String,
  },
  retentionDays: {
    label: 'Retention',
    word: 'retention',
    example: '30',
    schema: retentionDaysSetting,
    write: String,
  },
  timeZone: {
    label: 'Default time zone',
    word: 'zone',
    example: 'Europe/London',
    schema: timeZoneSetting,
    write: String,
  },
  workingHours: {
    label: 'Working hours',
    word: 'hours',
    example: '09:00-18:00',
    schema: workingHoursSetting,
    write: writeWorkingHours,
  },
};

export const settingKeys = Object.keys(settingSpecs) as SettingKey[];

/** A setting's value read from text by its schema, or the refusal in words ("Prompt time must be …"). */
export function readSetting<K extends SettingKey>(
  key: K,
  text: string,
): { ok: true; value: EngagementDefaults[K] } | { ok: false; message: string } {
  const spec = settingSpecs[key] as SettingSpec<K>;
  const result = spec.schema.safeParse(text);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, message: `${spec.label} ${result.error.issues[0]?.message ?? 'is not valid'}.` };
}

/** The stored defaults of an organisation: each setting's text, as its schema reads it. */
export type StoredDefaults = Partial<Record<SettingKey, string>>;

/**
 * The defaults an organisation's new engagements take: each stored setting read again by its schema (a stored
 * value the schema no longer accepts is ignored), the environment's default for the rest. Retention lives in its
 * own column (`retentionDays`), read by the purge.
 */
export function effectiveDefaults(
  organisation: { defaults: StoredDefaults; retentionDays: number } | undefined,
  fallback: Omit<EngagementDefaults, 'retentionDays'> & { retentionDays: number },
): EngagementDefaults {
  const out: EngagementDefaults = { ...fallback };
  if (!organisation) return out;
  out.retentionDays = organisation.retentionDays;
  for (const key of settingKeys) {
    const text = organisation.defaults[key];
    if (key === 'retentionDays' || text === undefined) continue;
    const read = readSetting(key, text);
    if (read.ok) (out as unknown as Record<string, unknown>)[key] = read.value;
  }
  return out;
}

/**
 * The working hours an engagement's nudges, snoozes and reminders keep: its own (copied from the organisation's
 * setting when it started, or applied by HR later), else `fallback` (the environment's).
 */
export function hoursOf(
  engagement: { workingHours: string | null },
  fallback: WorkingHours | 'always' | undefined,
): WorkingHours | 'always' | undefined {
  if (engagement.workingHours === null) return fallback;
  const read = workingHoursSetting.safeParse(engagement.workingHours);
  return read.success ? read.data : fallback;
}
