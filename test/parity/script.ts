/**
 * The parity script (issue 13): one engagement told in platform-neutral steps — who does what, never how a
 * platform spells it. Each driver performs a step through its platform's own entry point (a signed request into
 * Bolt, an activity into the botbuilder endpoint, a line typed into the local session); the observer reduces
 * what followed to a semantic outcome, and the test compares the platforms step by step.
 */

/** The people of the story. `hr` has HR rights; `stan` has none and no part in the engagement. */
export const roles = ['hr', 'jane', 'sam', 'kim', 'lee', 'stan', 'ola', 'pat', 'ray', 'uma'] as const;
export type Role = (typeof roles)[number];

/** Display names, the same on every platform (the Teams harness fixes the first six). */
export const displayNames: Record<Role, string> = {
  hr: 'Harper HR',
  jane: 'Jane Client',
  sam: 'Sam Sponsor',
  kim: 'Kim Coach',
  lee: 'Lee Coach',
  stan: 'Stan Stranger',
  ola: 'Ola Coach',
  pat: 'Pat Coach',
  ray: 'Ray Coach',
  uma: 'Uma Coach',
};

/** A control chosen by what it is about, not by how it is rendered: the ids are read from the engagement. */
export type ControlTarget =
  | { meeting: 'kickoff' | 'alignment' | 'closing' }
  | { coach: Role }
  | { prompt: 'latest' };

/** What a person (or the clock, or a job) does in one step. */
type Action =
  /** An HR command (`/coaching …` on Slack and local, typed in the 1:1 chat on Teams); `@role` names a person. */
  | { kind: 'command'; who: Role; text: string }
  /** A plain message typed in the person's DM (1:1 chat) with Triad. */
  | { kind: 'dm'; who: Role; text: string }
  /** A control pressed on the newest message the person received that has it; pickers pick `at`. */
  | {
      kind: 'press';
      who: Role;
      actionId: string;
      target?: ControlTarget;
      at?: { days: number; hour: number };
    }
  /** The form the person has open, submitted with these text fields (by field id). */
  | { kind: 'submit'; who: Role; values: Record<string, string> }
  /** The clock moves on (meetings' times come). */
  | { kind: 'advance'; days: number }
  /** The prompt job issues this week's reflection prompt (the same core job on every platform). */
  | { kind: 'prompt' };

/**
 * `refused`: the step must be refused on every platform — an answer to the person acting and nothing changed.
 * `ownWords`: why each platform answers in its own words (then only who is answered, and how, is compared).
 */
export type Step = { name: string; refused?: true; ownWords?: string } & Action;

const start = 'start client:@jane sponsor:@sam coach:@kim coach:@lee weeks:12';

/**
 * The story. Bad input comes first and again mid-way, so that "refused and nothing changed" is seen both before
 * an engagement exists and while one runs.
 */
export const script: readonly Step[] = [
  // Every bad input of the grammar, before anything exists.
  { name: 'HR: unknown command', refused: true, kind: 'command', who: 'hr', text: 'promote @jane' },
  {
    name: 'HR: start without a client',
    refused: true,
    kind: 'command',
    who: 'hr',
    text: 'start sponsor:@sam coach:@kim',
  },
  {
    name: 'HR: start with the same person twice',
    refused: true,
    kind: 'command',
    who: 'hr',
    text: 'start client:@jane sponsor:@jane coach:@kim',
  },
  {
    name: 'HR: start with 6 coaches',
    refused: true,
    kind: 'command',
    who: 'hr',
    text: 'start client:@jane sponsor:@sam coach:@kim coach:@lee coach:@ola coach:@pat coach:@ray coach:@uma',
  },
  {
    name: 'HR: start with weeks:3',
    refused: true,
    kind: 'command',
    who: 'hr',
    text: 'start client:@jane sponsor:@sam coach:@kim weeks:3',
  },
  {
    name: 'HR: start with cadence:daily',
    refused: true,
    kind: 'command',
    who: 'hr',
    text: 'start client:@jane sponsor:@sam coach:@kim cadence:daily',
  },
  { name: 'HR: status without a target', refused: true, kind: 'command', who: 'hr', text: 'status' },
  { name: 'non-HR: list', refused: true, kind: 'command', who: 'stan', text: 'list' },
  { name: 'non-HR: start', refused: true, kind: 'command', who: 'stan', text: start },

  // Start and kickoff.
  { name: 'HR starts the engagement', kind: 'command', who: 'hr', text: start },
  { name: 'HR starts it again', refused: true, kind: 'command', who: 'hr', text: start },

  // A coach profile, shown to the client when they choose.
  { name: 'non-HR: profile', refused: true, kind: 'command', who: 'stan', text: 'profile coach:@kim' },
  { name: 'HR shows Kim’s profile', kind: 'command', who: 'hr', text: 'profile coach:@kim' },
  { name: 'HR opens the profile form', kind: 'press', who: 'hr', actionId: 'profile.edit' },
  {
    name: 'HR saves Kim’s profile',
    kind: 'submit',
    who: 'hr',
    values: {
      bio: 'Kim coaches new leaders.',
      focusAreas: 'Delegation, Leading change',
      languages: 'English',
      timeZone: 'Europe/London',
      credentials: 'ICF PCC',
      photoUrl: '',
      schedulingUrl: 'https://cal.example.com/kim',
    },
  },
  {
    name: 'sponsor opens the expectations form',
    kind: 'press',
    who: 'sam',
    actionId: 'sponsor.expectations',
  },
  {
    name: 'sponsor shares expectations',
    kind: 'submit',
    who: 'sam',
    values: { expectations: 'Jane leads the Q3 planning.' },
  },
  {
    name: 'client schedules the kickoff',
    kind: 'press',
    who: 'jane',
    actionId: 'meeting.schedule',
    target: { meeting: 'kickoff' },
    at: { days: 2, hour: 11 },
  },
  {
    name: 'client marks the kickoff held before its time',
    refused: true,
    kind: 'press',
    who: 'jane',
    actionId: 'meeting.held',
    target: { meeting: 'kickoff' },
  },
  { name: 'three days pass', kind: 'advance', days: 3 },
  {
    name: 'client marks the kickoff held',
    kind: 'press',
    who: 'jane',
    actionId: 'meeting.held',
    target: { meeting: 'kickoff' },
  },

  // Matching: an intro call with Lee (in each one's own DM), cancelled by Lee, booked again, cancelled when Kim
  // is chosen.
  {
    name: 'client books an intro call with Lee',
    kind: 'press',
    who: 'jane',
    actionId: 'chemistry.book',
    target: { coach: 'lee' },
    at: { days: 1, hour: 11 },
  },
  { name: 'Lee cancels the intro call', kind: 'press', who: 'lee', actionId: 'chemistry.cancel' },
  {
    name: 'client books an intro call with Lee again',
    kind: 'press',
    who: 'jane',
    actionId: 'chemistry.book',
    target: { coach: 'lee' },
    at: { days: 2, hour: 10 },
  },

  // Matching and alignment.
  {
    name: 'client picks Kim',
    kind: 'press',
    who: 'jane',
    actionId: 'coach.select',
    target: { coach: 'kim' },
  },
  {
    name: 'client schedules the alignment meeting',
    kind: 'press',
    who: 'jane',
    actionId: 'meeting.schedule',
    target: { meeting: 'alignment' },
    at: { days: 2, hour: 15 },
  },
  { name: 'three more days pass', kind: 'advance', days: 3 },
  {
    name: 'coach marks the alignment held',
    kind: 'press',
    who: 'kim',
    actionId: 'meeting.held',
    target: { meeting: 'alignment' },
  },

  // Prompts and answers.
  { name: 'the first prompt goes out', kind: 'prompt' },
  { name: 'client answers by typing in the DM', kind: 'dm', who: 'jane', text: 'I listened more this week.' },
  {
    name: 'client shares the answer with the coach',
    kind: 'press',
    who: 'jane',
    actionId: 'reflection.share_with_coach',
    target: { prompt: 'latest' },
  },
  { name: 'a week passes', kind: 'advance', days: 7 },
  { name: 'the second prompt goes out', kind: 'prompt' },
  {
    name: 'client opens the answer form',
    kind: 'press',
    who: 'jane',
    actionId: 'reflection.answer',
    target: { prompt: 'latest' },
  },
  {
    name: 'client submits the answer',
    kind: 'submit',
    who: 'jane',
    values: { answer: 'I delegated twice.' },
  },

  // Goals, release, withdrawal.
  { name: 'client types goals', kind: 'dm', who: 'jane', text: 'goals' },
  { name: 'client opens the goal form', kind: 'press', who: 'jane', actionId: 'goal.draft' },
  {
    name: 'client drafts a goal',
    kind: 'submit',
    who: 'jane',
    values: { goal: 'Run planning without escalations', successMeasure: 'Two reviews run by my team' },
  },
  { name: 'client lists the goals again', kind: 'dm', who: 'jane', text: 'goals' },
  {
    name: 'client previews the goal for the sponsor',
    kind: 'press',
    who: 'jane',
    actionId: 'release.preview',
  },
  { name: 'client confirms the release', kind: 'press', who: 'jane', actionId: 'release.confirm' },
  { name: 'client lists the goals to withdraw', kind: 'dm', who: 'jane', text: 'goals' },
  { name: 'client withdraws the release', kind: 'press', who: 'jane', actionId: 'release.withdraw' },

  // An assessment: HR records it and the report reaches the client alone; the client shares it with the coach and
  // writes an insight, shares the insight with the sponsor, then withdraws it.
  { name: 'non-HR: assessment', refused: true, kind: 'command', who: 'sam', text: 'assessment @jane' },
  { name: 'HR offers the assessment form', kind: 'command', who: 'hr', text: 'assessment @jane' },
  { name: 'HR opens the assessment form', kind: 'press', who: 'hr', actionId: 'assessment.record' },
  {
    name: 'HR records the assessment',
    kind: 'submit',
    who: 'hr',
    values: {
      name: 'Hogan HPI',
      provider: 'Hogan Assessments',
      administeredOn: '2025-06-02',
      link: 'https://reports.example.com/jane',
      report: 'Strategic; impatient under pressure.',
    },
  },
  {
    name: 'client shares the report with the coach',
    kind: 'press',
    who: 'jane',
    actionId: 'assessment.share_with_coach',
  },
  { name: 'client opens the insight form', kind: 'press', who: 'jane', actionId: 'assessment.insight' },
  {
    name: 'client writes an insight',
    kind: 'submit',
    who: 'jane',
    values: { insight: 'I decide before my team has spoken.' },
  },
  {
    name: 'client previews the insight for the sponsor',
    kind: 'press',
    who: 'jane',
    actionId: 'release.preview',
  },
  { name: 'client shares the insight', kind: 'press', who: 'jane', actionId: 'release.confirm' },
  { name: 'client withdraws the insight', kind: 'press', who: 'jane', actionId: 'release.withdraw' },

  // What a DM means, per role.
  { name: 'sponsor types a sentence', kind: 'dm', who: 'sam', text: 'Looking forward to the check-in.' },
  { name: 'sponsor chooses the engagement', kind: 'press', who: 'sam', actionId: 'relay.choose' },
  { name: 'sponsor confirms the relay', kind: 'press', who: 'sam', actionId: 'relay.confirm' },
  { name: 'sponsor types goals', refused: true, kind: 'dm', who: 'sam', text: 'goals' },
  {
    name: 'HR-only user types a sentence',
    refused: true,
    kind: 'dm',
    who: 'hr',
    text: 'Please remind Jane of the survey.',
  },
  {
    name: 'HR types help',
    kind: 'dm',
    who: 'hr',
    text: 'help',
    ownWords: 'help names each platform’s own commands and controls',
  },
  { name: 'stranger types a sentence', refused: true, kind: 'dm', who: 'stan', text: 'Hello, what is this?' },
  { name: 'stranger types goals', refused: true, kind: 'dm', who: 'stan', text: 'goals' },

  // HR's lifecycle commands on a running engagement, and their bad input.
  { name: 'HR lists engagements', kind: 'command', who: 'hr', text: 'list' },
  { name: 'HR asks the status', kind: 'command', who: 'hr', text: 'status @jane' },
  { name: 'non-HR asks the status', refused: true, kind: 'command', who: 'sam', text: 'status @jane' },
  { name: 'HR reassigns to Lee', kind: 'command', who: 'hr', text: 'reassign @jane coach:@lee' },
  {
    name: 'HR reassigns to the sponsor',
    refused: true,
    kind: 'command',
    who: 'hr',
    text: 'reassign @jane coach:@sam',
  },
  { name: 'HR pauses', kind: 'command', who: 'hr', text: 'pause @jane' },
  { name: 'HR pauses again', refused: true, kind: 'command', who: 'hr', text: 'pause @jane' },
  { name: 'client types while paused', kind: 'dm', who: 'jane', text: 'Are we still on?' },
  { name: 'HR resumes', kind: 'command', who: 'hr', text: 'resume @jane' },
  {
    name: 'HR pauses someone without an engagement',
    refused: true,
    kind: 'command',
    who: 'hr',
    text: 'pause @stan',
  },
  { name: 'HR ends', kind: 'command', who: 'hr', text: 'end @jane' },
  { name: 'HR ends again', refused: true, kind: 'command', who: 'hr', text: 'end @jane' },
  { name: 'client types after the end', refused: true, kind: 'dm', who: 'jane', text: 'Thank you all.' },
];
