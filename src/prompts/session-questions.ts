import type { Question } from './prompt-bank.js';

/**
 * The questions that follow a coaching session (seed text 003): after a session is held, one action-planning
 * question ("What is your plan?", "What support do you need?", "How will you move this forward after this
 * session?"); before the next session, one check-in question about that plan ("How are you progressing…?").
 * They are not in the weekly bank: a weekly prompt never draws them. Ids are stable, as the bank's are.
 */
export const sessionActionQuestions: readonly Question[] = [
  {
    id: 'sa-01',
    category: 'action_planning',
    text: 'What is your plan after this coaching session, and what is your first step?',
  },
  {
    id: 'sa-02',
    category: 'action_planning',
    text: 'What support do you need to move forward on what you explored in this session?',
  },
  {
    id: 'sa-03',
    category: 'action_planning',
    text: 'How will you move this forward after this session?',
  },
  {
    id: 'sa-04',
    category: 'action_planning',
    text: 'What is still in your thoughts from this session, and what will you do about it?',
  },
  {
    id: 'sa-05',
    category: 'action_planning',
    text: 'What might get in the way of your plan, and how will you keep yourself motivated?',
  },
];

export const sessionCheckInQuestions: readonly Question[] = [
  {
    id: 'sc-01',
    category: 'check_in',
    text: 'Before your next coaching session: how are you progressing with the plan you made after the last one?',
  },
  {
    id: 'sc-02',
    category: 'check_in',
    text: 'Before your next coaching session: now that you have tried your plan, what do you want to explore to get the clarity you are looking for?',
  },
  {
    id: 'sc-03',
    category: 'check_in',
    text: 'Before your next coaching session: what has moved since the last one, and how would you like to use the next session?',
  },
];

/** The prompt cycle of the question after session `meetingId` was held: one per session. */
export const sessionActionCycle = (meetingId: string) => `session:${meetingId}`;
/** The prompt cycle of the check-in before session `meetingId`: one per session. */
export const sessionCheckInCycle = (meetingId: string) => `check-in:${meetingId}`;

/** Whether a prompt cycle belongs to a session (not to the weekly rhythm, whose cycles are weeks or intervals). */
export const isSessionCycle = (cycle: string) =>
  cycle.startsWith('session:') || cycle.startsWith('check-in:');

/**
 * The `nth` question of a list (0-based), in turn: the first session gets the first question, the sixth the
 * first again. Pure.
 */
export const inTurn = (list: readonly Question[], nth: number): Question =>
  list[((nth % list.length) + list.length) % list.length] as Question;
