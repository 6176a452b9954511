import type { z } from 'zod';
import type { CoreDeps } from '../deps.js';
import { meetingTimeInput, setMeetingTime } from './set-meeting-time.js';

/** { actor, meetingId, localDateTime: 'YYYY-MM-DDTHH:mm', timeZone?: IANA zone (defaults to the person's) } */
export const rescheduleMeetingInput = meetingTimeInput;
export type RescheduleMeetingInput = z.infer<typeof rescheduleMeetingInput>;

/**
 * Any triad member or HR moves a scheduled meeting; the sponsor thread and the client hear about it again. A move
 * past the next meeting in the order (or before the previous one) is refused (`engagement/meeting-order.ts`).
 */
export const rescheduleMeeting = (input: RescheduleMeetingInput, deps: CoreDeps) =>
  setMeetingTime(input, deps, 'reschedule');
