import { opaque, words } from '../../confidentiality/words.js';
import type { ActionId } from '../../controls/controls.js';
import type { CoachProfile } from '../../engagement/coach-profile.js';
import type { Engagement, Meeting, Person } from '../../engagement/records.js';
import type { AdminMessage, PrivateMessage } from '../message.js';
import { chemistryBookBlocks } from './chemistry-messages.js';
import { coachProfileBlocks } from './coach-profile.js';
import { meetingActions } from './meeting-words.js';
import { context, header, section } from './text.js';

/** Action id of the coach buttons; the value is `coachChoiceValue(engagementId, coachId)`. */
export const coachSelectAction = 'coach.select' satisfies ActionId;

/** A coach button's value: two ids, never content. */
export const coachChoiceValue = (engagementId: string, coachId: string) => opaque(engagementId, coachId);

/**
 * The client's DM after the kickoff: each shortlisted coach's profile, one button per coach, and (when intro calls
 * are offered) one "Book an intro call" picker per coach.
 */
export function coachChoice(
  engagement: Engagement,
  coaches: readonly Person[],
  options: { chemistryCalls?: boolean; profiles?: readonly CoachProfile[] } = {},
): PrivateMessage {
  return {
    audience: 'private',
    destination: { kind: 'space', engagementId: engagement.id, space: 'client_dm' },
    summary: words('Choose your coach'),
    blocks: [
      header('Choose your coach'),
      section(
        `HR has shortlisted ${coaches.length} coaches for you. Choose the one you want to work with: a private coaching space for the two of you opens as soon as you do.`,
      ),
      ...coaches.flatMap((coach) => [
        { type: 'divider' as const },
        ...coachProfileBlocks(
          coach,
          options.profiles?.find((p) => p.personId === coach.id),
        ),
      ]),
      { type: 'divider' },
      {
        type: 'actions',
        elements: coaches.map((coach) => ({
          type: 'button' as const,
          actionId: coachSelectAction,
          label: words(coach.displayName),
          value: coachChoiceValue(engagement.id, coach.id),
        })),
      },
      ...(options.chemistryCalls ? chemistryBookBlocks(engagement, coaches) : []),
      context('Your choice is final; HR can change it later if needed.'),
    ],
  };
}

/**
 * The client's DM once they chose: what happens next, with a picker for the alignment meeting when it is due. The
 * reply to their click already says whom they chose and that the coaching space opens, so this does not repeat it.
 */
export function coachChosen(
  engagement: Engagement,
  coach: Person,
  alignment: Meeting | undefined,
): PrivateMessage {
  const due = engagement.stage === 'alignment' && alignment;
  const next = due
    ? `Next is the sponsor alignment meeting with your sponsor and ${coach.displayName}, where you present the goals you choose to share. Pick a time:`
    : `After the kickoff meeting you can schedule the sponsor alignment meeting with your sponsor and ${coach.displayName}.`;
  return {
    audience: 'private',
    destination: { kind: 'space', engagementId: engagement.id, space: 'client_dm' },
    summary: words(due ? 'Next: your sponsor alignment meeting' : 'Next: your kickoff meeting'),
    blocks: [
      header('What comes next'),
      section(next),
      ...(engagement.stage === 'alignment' && alignment
        ? [
            {
              type: 'actions' as const,
              elements: [
                {
                  type: 'datetime' as const,
                  actionId: meetingActions.schedule,
                  label: words('Schedule the alignment meeting'),
                  value: opaque(alignment.id),
                },
              ],
            },
          ]
        : []),
    ],
  };
}

/**
 * A direct message to each shortlisted coach the client did not choose: kind, and never the client's reasons
 * (Triad does not ask for any). Names only; nothing from the engagement's spaces.
 */
export function coachNotChosen(engagement: Engagement, client: Person, coach: Person): AdminMessage {
  return {
    audience: 'admin',
    destination: { kind: 'hr', personId: coach.id, engagementId: engagement.id },
    summary: words(`Thank you, ${coach.displayName}`),
    blocks: [
      section(
        `Thank you for being shortlisted to coach ${client.displayName}, ${coach.displayName}. ${client.displayName} has chosen another coach this time, so there is nothing more for you to do here.`,
      ),
      context('We are grateful for your time and hope to work with you again soon.'),
    ],
  };
}
