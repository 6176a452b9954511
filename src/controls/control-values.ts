import { z } from 'zod';
import { relayChoiceSchema } from '../use-cases/sponsor/relay-draft.js';

/**
 * The values Triad's controls carry: ids only, never content. Each schema's message is what a person reads when
 * a button arrives damaged, stale or forged; nothing runs then.
 */
const uuid = (message: string) => z.uuid({ message });

export const meetingId = uuid('That meeting id is not valid.');
export const sessionId = uuid('That session id is not valid.');
export const chemistryCallId = uuid('That intro call id is not valid.');
export const engagementId = uuid('That engagement id is not valid.');
/** A coach's person id, on an "Edit the profile" button. */
export const coachId = uuid('That profile button is not valid any more. Open the profile again.');
/** A weekday menu's choice: the ISO weekday, 1 (Monday) … 7 (Sunday). */
export const isoWeekday = z
  .enum(['1', '2', '3', '4', '5', '6', '7'], {
    message: 'That day is not one Triad offered. Open your Home tab again.',
  })
  .transform(Number);
/** "Change settings" carries nothing but its own word: the organisation is the presser's. */
export const settingsButton = z.literal('settings', {
  message: 'That button is not one Triad made. Type settings again.',
});
/** A prompt, goal entry or release the client reached through a link in their DM. */
export const linkId = uuid('That link is not valid any more. Open it again from your DM.');

/** "Draft a goal" carries the engagement id, or nothing when it is opened again from a chat. */
export const optionalEngagementId = z.union([z.literal(''), engagementId], {
  message: 'That engagement id is not valid.',
});

const isUuid = (value: string | undefined) => z.uuid().safeParse(value).success;

/** `a:b` where both are ids (`b` from `second`), read into two named parts; otherwise the words given. */
function idPair<K1 extends string, K2 extends string, B>(
  message: string,
  first: K1,
  second: K2,
  read: (part: string) => B | undefined,
) {
  return z.string().transform((value, ctx) => {
    const [a, b, ...rest] = value.split(':');
    const readB = b === undefined ? undefined : read(b);
    if (rest.length > 0 || !isUuid(a) || readB === undefined) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return { [first]: a as string, [second]: readB } as { [k in K1]: string } & { [k in K2]: B };
  });
}

/** A coach button: `engagementId:coachId`. */
export const coachChoice = idPair(
  'That coach button is not valid any more.',
  'engagementId',
  'coachId',
  (b) => (isUuid(b) ? b : undefined),
);

/** The Home tab's activity-sharing switch: `engagementId:on` or `engagementId:off`. */
export const activitySwitch = idPair(
  'That switch is not one Triad made. Open your Home tab again.',
  'engagementId',
  'on',
  (b) => (b === 'on' ? true : b === 'off' ? false : undefined),
);

/** A coach's partnering self-check switch: `engagementId:on` or `engagementId:off`. */
export const selfCheckSwitch = idPair(
  'That switch is not one Triad made. Save your session notes again to get a fresh one.',
  'engagementId',
  'on',
  (b) => (b === 'on' ? true : b === 'off' ? false : undefined),
);

const staleRelay = 'That button is not valid any more.';

/** A sponsor-thread choice or confirmation: `draftId:engagementId`, passed on as it came. */
export const relayChoice = z
  .string()
  .refine((value) => relayChoiceSchema.safeParse(value).success, { message: staleRelay });

/** The waiting relayed message's id. */
export const relayDraftId = uuid(staleRelay);

/**
 * A text field: '' when left empty (the use case says what it needs). Anything but text where Triad asked for
 * text is a damaged or forged form: refused whole, so none of its other fields are saved either.
 */
export const text = z
  .string({ error: 'That form came back damaged, so nothing was saved. Open the form again.' })
  .default('');
