import type { ClosingWeek } from '../engagement/lifecycle.js';
import { type PromptCategory, promptCategories } from '../engagement/records.js';
import { sessionActionQuestions, sessionCheckInQuestions } from './session-questions.js';

/**
 * The reflection questions a client is asked in their private DM. They are the partnership questions a coach
 * asks in a session (seed text 003, "What does partnership mean in coaching?"), turned round so the client asks
 * them of themselves between sessions. Ids are stable: they are stored with every prompt, so never reuse or
 * renumber one — retire a question by removing it and add new ones with new ids.
 */
export interface Question {
  readonly id: string;
  readonly category: PromptCategory;
  readonly text: string;
}

export const questions: readonly Question[] = [
  // Starting: "How shall we do this work together today?", "What is important to explore about this topic?",
  // "What do we need to discuss to move forward on this?"
  {
    id: 'st-01',
    category: 'starting',
    text: 'How would you like to work with your coach in the weeks ahead?',
  },
  {
    id: 'st-02',
    category: 'starting',
    text: 'What is important for you to explore in your coaching?',
  },
  {
    id: 'st-03',
    category: 'starting',
    text: 'What do you need to talk through with your coach to move forward on what matters most to you?',
  },
  // Checking in: "How are you progressing towards achieving your goal?", "Now that you have learned…"
  {
    id: 'ci-01',
    category: 'check_in',
    text: 'What feels most important for you to explore in your coaching right now?',
  },
  {
    id: 'ci-02',
    category: 'check_in',
    text: 'How are you progressing towards the goal you set for yourself?',
  },
  {
    id: 'ci-03',
    category: 'check_in',
    text: 'What do you need to think through to move forward on what matters most to you this week?',
  },
  { id: 'ci-04', category: 'check_in', text: 'How would you like to use your next coaching session?' },
  {
    id: 'ci-05',
    category: 'check_in',
    text: 'Since your last reflection, what has moved, and what has stayed stuck?',
  },
  {
    id: 'ci-06',
    category: 'check_in',
    text: 'Now that you have learned something new about yourself, what do you want to explore next to get the clarity you are looking for?',
  },
  {
    id: 'ci-07',
    category: 'check_in',
    text: 'What would make the coming week a good week for your growth as a leader?',
  },
  // Making meaning: "If you look at all these pieces together, what do you see?"
  {
    id: 'mm-01',
    category: 'meaning_making',
    text: 'If you look at everything that happened in the last weeks together, what do you see?',
  },
  {
    id: 'mm-02',
    category: 'meaning_making',
    text: 'How are the challenges you are facing related to each other, in your view?',
  },
  {
    id: 'mm-03',
    category: 'meaning_making',
    text: 'What have you not yet thought about on the topic that matters most to you?',
  },
  {
    id: 'mm-04',
    category: 'meaning_making',
    text: 'What does a recent success tell you about your strengths?',
  },
  {
    id: 'mm-05',
    category: 'meaning_making',
    text: 'What pattern do you notice in the moments that drain you or energise you at work?',
  },
  {
    id: 'mm-06',
    category: 'meaning_making',
    text: 'What meaning do you make of the feedback you received recently?',
  },
  {
    id: 'mm-07',
    category: 'meaning_making',
    text: 'What do you know now about yourself that you did not know when the coaching started?',
  },
  // Action planning: "How will you move this forward?", "What is your plan?", "What support do you need?"
  {
    id: 'ap-01',
    category: 'action_planning',
    text: 'What is still in your thoughts from your last coaching session?',
  },
  { id: 'ap-02', category: 'action_planning', text: 'How will you move your goal forward this week?' },
  {
    id: 'ap-03',
    category: 'action_planning',
    text: 'What is your plan for the next two weeks, and what is the first step?',
  },
  { id: 'ap-04', category: 'action_planning', text: 'What support do you need, and from whom?' },
  {
    id: 'ap-05',
    category: 'action_planning',
    text: 'What is getting in the way, and what could you do about it?',
  },
  {
    id: 'ap-06',
    category: 'action_planning',
    text: 'How will you keep yourself motivated when progress feels slow?',
  },
  {
    id: 'ap-07',
    category: 'action_planning',
    text: 'Which one small experiment will you try before your next reflection?',
  },
  {
    id: 'ap-08',
    category: 'action_planning',
    text: 'How will you know that you are making progress on your goal?',
  },
  // Closing: "What have you learned…?", "What is missing for you to feel complete…?"
  { id: 'cl-01', category: 'closing', text: 'What have you learned during your coaching so far?' },
  {
    id: 'cl-02',
    category: 'closing',
    text: 'Where did you not get to yet, and does it still matter to you?',
  },
  {
    id: 'cl-03',
    category: 'closing',
    text: 'What is missing for you to feel complete on the goals you set?',
  },
  {
    id: 'cl-04',
    category: 'closing',
    text: 'What success would you like to celebrate at your closing meeting?',
  },
  {
    id: 'cl-05',
    category: 'closing',
    text: 'What else might you want or need to say before your coaching finishes?',
  },
  { id: 'cl-06', category: 'closing', text: 'How will you sustain your growth once the coaching has ended?' },
  {
    id: 'cl-07',
    category: 'closing',
    text: 'Who will support you in keeping up what you have built, and how will you ask them?',
  },
];

// The session questions (after and before a coaching session) are looked up here too, never drawn weekly.
const byId = new Map(
  [...questions, ...sessionActionQuestions, ...sessionCheckInQuestions].map((q) => [q.id, q]),
);

/** The question with this id, or undefined for an id no longer in the bank. */
export const questionById = (id: string): Question | undefined => byId.get(id);

/** A question's text; a retired id reads as a neutral line rather than failing. */
export const questionText = (id: string): string => byId.get(id)?.text ?? 'A reflection question';

/** No question is asked again while it is among the last this many prompts. */
export const noRepeatWindow = 6;

/** How far the engagement has come when a prompt is due: what decides the question's category. */
export interface Progress {
  /** Whole weeks since the engagement started (0 in the first week). */
  readonly weekIndex: number;
  /** The planned length of the engagement in weeks. */
  readonly totalWeeks: number;
  /** Prompts sent before this one. */
  readonly promptsSoFar: number;
  /** Coaching sessions held so far. */
  readonly sessionsHeld: number;
  /** Whether the mid-point check-in has been held. */
  readonly midpointHeld: boolean;
  /** The closing meeting's week has begun, is ahead, or the closing meeting is not scheduled. */
  readonly closingWeek: ClosingWeek;
}

/**
 * The category of the next question, following the partnership questions in order (starting, check-in,
 * meaning-making, action planning, closing):
 * - closing: once the closing meeting's week has begun; without a scheduled closing meeting, the last planned week;
 * - starting: the first prompt of coaching, and the second too while no coaching session has been held;
 * - action planning: from half-time once the mid-point check-in is held, and from two thirds in any case;
 * - meaning-making: from one third;
 * - check-in: before that.
 * Pure. Weeks only move forward and meetings held only add up, so the category never goes back.
 */
export function categoryFor(progress: Progress): PromptCategory {
  const { weekIndex, totalWeeks, promptsSoFar } = progress;
  const closing =
    progress.closingWeek === 'unscheduled' ? weekIndex >= totalWeeks - 1 : progress.closingWeek === 'begun';
  if (closing) return 'closing';
  if (promptsSoFar === 0 || (promptsSoFar === 1 && progress.sessionsHeld === 0)) return 'starting';
  if ((progress.midpointHeld && weekIndex * 2 >= totalWeeks) || weekIndex * 3 >= totalWeeks * 2) {
    return 'action_planning';
  }
  if (weekIndex * 3 >= totalWeeks) return 'meaning_making';
  return 'check_in';
}

/** The categories to draw from: the engagement's own, then the earlier ones nearest first, then later ones. */
function categoriesFrom(category: PromptCategory): PromptCategory[] {
  const at = promptCategories.indexOf(category);
  const earlier = promptCategories.slice(0, at).reverse();
  return [category, ...earlier, ...promptCategories.slice(at + 1)];
}

/**
 * Picks the next question of the category `progress` calls for. `history` holds the ids of earlier prompts, oldest first. Never repeats a question
 * among the last `noRepeatWindow` prompts; prefers questions never asked, then the least recently asked.
 * Pure and deterministic: the same progress and history give the same question.
 */
export function choosePrompt(progress: Progress, history: readonly string[]): Question {
  const recent = new Set(history.slice(-noRepeatWindow));
  const lastAsked = new Map<string, number>();
  for (const [index, id] of history.entries()) lastAsked.set(id, index);
  for (const category of categoriesFrom(categoryFor(progress))) {
    const candidates = questions.filter((q) => q.category === category && !recent.has(q.id));
    const best = leastRecent(candidates, lastAsked);
    if (best) return best;
  }
  const anyAllowed = leastRecent(
    questions.filter((q) => !recent.has(q.id)),
    lastAsked,
  );
  // The bank holds far more questions than the window, so something is always allowed.
  return anyAllowed ?? (questions[0] as Question);
}

function leastRecent(candidates: readonly Question[], lastAsked: Map<string, number>): Question | undefined {
  let best: Question | undefined;
  let bestIndex = Number.POSITIVE_INFINITY;
  for (const question of candidates) {
    const index = lastAsked.get(question.id) ?? -1;
    if (best === undefined || index < bestIndex) {
      best = question;
      bestIndex = index;
    }
  }
  return best;
}
