import { scheduleSession } from '../../../../src/use-cases/sessions/schedule-session.js';
import type { SlackDeps } from '../../slack-deps.js';
import { localPick } from '../actions/on-action.js';
import { onSubmit } from './on-submit.js';

/** The coaching-session form: time picked in the person's zone, optional length. */
export const sessionScheduleSubmitted = (deps: SlackDeps) =>
  onSubmit(
    deps,
    async ({ actor, userId, values, context }) => {
      const minutes = typeof values.minutes === 'string' ? Number(values.minutes) : undefined;
      const when = typeof values.when === 'number' ? values.when : undefined;
      return scheduleSession(
        {
          actor,
          engagementId: context.engagementId ?? '',
          ...(await localPick(deps, userId, when)),
          ...(minutes !== undefined && Number.isFinite(minutes) ? { durationMinutes: minutes } : {}),
        },
        deps.core,
      );
    },
    (values) => (typeof values.when === 'number' ? undefined : { when: 'Pick a date and time.' }),
  );
