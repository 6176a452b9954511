import { z } from 'zod';
import { formatMeetingTime, isValidZone } from '../engagement/meeting-time.js';

/**
 * A meeting's time as a part of a message read by several people (the sponsor thread, the coaching space): an
 * instant, not words, so each platform shows every reader their own local time (Slack `<!date^…>`, Teams
 * `{{DATE()}}`/`{{TIME()}}`). Where a platform cannot, it shows the fallback: the time in `fallbackZone` with
 * that zone's friendly name. Bot-composed (kind `time`), allowed for every audience, and checked by the outbound
 * gate against this schema, so it can carry nothing but an instant and a zone name.
 */
const rfc3339Utc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export const timePartSchema = z.strictObject({
  kind: z.literal('time'),
  /** The instant in strict RFC 3339 UTC, whole seconds (`2026-12-03T14:00:00Z`), as Teams' DATE() needs it. */
  at: z
    .string()
    .regex(rfc3339Utc)
    .refine((at) => !Number.isNaN(Date.parse(at))),
  fallbackZone: z.string().max(64).refine(isValidZone),
});
export type TimePart = z.infer<typeof timePartSchema>;

/** An instant as strict RFC 3339 UTC with whole seconds, e.g. "2026-12-03T14:00:00Z". */
export const rfc3339 = (at: Date): string => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A meeting's time, shown to each reader in their own zone; `fallbackZone` where a platform cannot. */
export const meetingTime = (at: Date, fallbackZone: string): TimePart => ({
  kind: 'time',
  at: rfc3339(at),
  fallbackZone: isValidZone(fallbackZone) ? fallbackZone : 'UTC',
});

/** The time as text in its fallback zone, e.g. "Thu 3 Dec 2026, 14:00 (London time)". */
export const timeFallback = (part: TimePart): string =>
  formatMeetingTime(new Date(part.at), part.fallbackZone);

/** The instant in whole seconds since the epoch (Slack's `<!date^…>`). */
export const epochSeconds = (part: TimePart): number => Math.floor(Date.parse(part.at) / 1000);
