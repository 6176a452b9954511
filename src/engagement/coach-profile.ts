import { z } from 'zod';
import { isValidZone } from './meeting-time.js';

/** The limits of a coach profile, shown in the form's hints and in refusals. */
export const profileLimits = {
  bio: 600,
  credentials: 200,
  focusAreas: 6,
  languages: 6,
  /** One focus area or language. */
  item: 40,
  url: 500,
} as const;

/** A list typed as one line: comma-separated, trimmed, blanks dropped. */
const commaList = (max: number, what: string) =>
  z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(/[,\n;]/)
        .map((item) => item.trim().replace(/\s+/g, ' '))
        .filter((item) => item !== ''),
    )
    .pipe(
      z
        .array(
          z
            .string()
            .max(
              profileLimits.item,
              `Each of the ${what} is at most ${profileLimits.item} characters; separate them with commas.`,
            ),
        )
        .max(max, `At most ${max} ${what}, separated by commas.`),
    );

/** An optional https link: '' leaves it out. */
const httpsLink = (what: string) =>
  z
    .string()
    .default('')
    .transform((value) => value.trim())
    .refine((value) => value.length <= profileLimits.url, {
      message: `The ${what} is too long: ${profileLimits.url} characters at most.`,
    })
    .refine(
      (value) =>
        value === '' || (z.url({ protocol: /^https$/ }).safeParse(value).success && !/\s/.test(value)),
      { message: `The ${what} must be a full link starting with https:// (e.g. https://example.com/…).` },
    )
    .transform((value) => (value === '' ? null : value));

/** Free text on one or a few lines, without markup tricks: trimmed, at most `max` characters. */
const shortText = (max: number, what: string) =>
  z
    .string()
    .default('')
    .transform((value) => value.trim())
    .refine((value) => value.length <= max, {
      message: `The ${what} is at most ${max} characters.`,
    });

/** An IANA time zone such as Europe/London, or empty to use the coach's own zone. */
const zone = z
  .string()
  .default('')
  .transform((value) => value.trim())
  .refine(
    (value) => value === '' || (/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(value) && isValidZone(value)),
    {
      message: 'The time zone must be a zone name such as Europe/London or America/New_York.',
    },
  );

/**
 * What a coach profile's form holds, as typed: every field text ('' when left empty). The one schema the form,
 * the use case and the tests read; lists are comma-separated, links https only, the zone an IANA name.
 */
export const coachProfileFields = z.object({
  bio: shortText(profileLimits.bio, 'bio'),
  focusAreas: commaList(profileLimits.focusAreas, 'focus areas'),
  languages: commaList(profileLimits.languages, 'languages'),
  timeZone: zone,
  credentials: shortText(profileLimits.credentials, 'credentials line'),
  photoUrl: httpsLink('photo link'),
  schedulingUrl: httpsLink('scheduling link'),
});
export type CoachProfileFieldsInput = z.input<typeof coachProfileFields>;
export type CoachProfileContent = z.output<typeof coachProfileFields>;

/**
 * A coach's profile in one organisation, shown to clients choosing a coach. Written by the coach or by HR of the
 * organisation; coach-authored logistics, never private coaching content. `ownerId` is who keeps it: null for a
 * profile the organisation keeps itself, later the coaching firm that shares one profile across organisations.
 */
export interface CoachProfile extends CoachProfileContent {
  id: string;
  organisationId: string;
  personId: string;
  ownerId: string | null;
  updatedById: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}
