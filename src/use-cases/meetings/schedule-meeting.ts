import type { z } from 'zod';
import type { CoreDeps } from '../deps.js';
import { meetingTimeInput, setMeetingTime } from './set-meeting-time.js';

/** { actor, meetingId, localDateTime: 'YYYY-MM-DDTHH:mm', timeZone?: IANA zone (defaults to the person's) } */
export const scheduleMeetingInput = meetingTimeInput;
export type ScheduleMeetingInput = z.infer<typeof scheduleMeetingInput>;

/**
 * Any triad member (client, sponsor, the coach once assigned) or HR sets the time of the kickoff, alignment,
 * mid-point or closing meeting. Alignment, mid-point and closing need a coach. Scheduling the closing meeting
 * moves coaching into its closing stage. The meetings keep their order (`engagement/meeting-order.ts`).
 */
export const scheduleMeeting = (input: ScheduleMeetingInput, deps: CoreDeps) =>
  setMeetingTime(input, deps, 'schedule');
