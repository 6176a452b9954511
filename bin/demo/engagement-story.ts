import type { SeenLine } from '../../adapters/local/local-platform.js';
import { revealPrivateText } from '../../src/confidentiality/private-text.js';
import type { Canaries } from './canaries.js';
import { DemoStepError, type Director } from './director.js';

/**
 * The whole engagement of the scripted demo, as the people in it would live it: HR starts it, the triad meets,
 * Alex (the client) writes privately, shares one goal after a preview, answers reflection prompts and closes;
 * then retention. Every private input carries a canary. Each step waits for what people should see next.
 */
export interface StoryHooks {
  /** True once the retention purge has run for the engagement (read from the database); false if it did not. */
  waitForPurge(): Promise<boolean>;
}

export interface StoryResult {
  /** The text the client previewed and the sponsor then saw, or undefined if the story stopped before. */
  released?: { previewed: string; sponsorSaw: string };
  exportBeforePurge?: string;
  exportAfterPurge?: string;
}

/** What the demo needs from configuration for the events scheduled jobs bring (named when one is missing). */
export const needs = {
  reminders: 'meeting reminders planned for a meeting a minute away (PlanningRules.graceMs, demo: 2 h)',
  prompts:
    'a reflection prompt every few seconds: a demo prompt cadence in the jobs layer ({ every } instead of the weekly cron) and a prompt cycle key that is not the ISO week',
  nudges:
    'a nudge seconds after an unanswered prompt at any hour (nudgeAfterHours as a fraction, and working hours that include now)',
  retention:
    'a retention period of seconds (core: purgeAfter from a retention in ms) and a purge job that runs every few seconds',
  checkIn: 'the session-check-in job, planned from the database 24 h before a session (now, when nearer)',
};

const has = (pattern: RegExp) => (line: SeenLine) => pattern.test(line.summary) || pattern.test(line.text);

export async function playEngagement(
  d: Director,
  canaries: Canaries,
  hooks: StoryHooks,
): Promise<StoryResult> {
  const result: StoryResult = {};

  d.step('HR starts an engagement for Alex, with Sam as sponsor and three coaches shortlisted');
  await d.type('hr', '/coaching start client:@alex sponsor:@sam coach:@kim coach:@lee coach:@rio weeks:12');
  await d.waitFor('client', 'the welcome in their DM', d.summaryIs(/engagement has started/));
  await d.waitFor('sponsor', 'the sponsor space welcome', d.summaryIs(/sponsor space/));
  await d.typeRefused('hr', '/coaching start client:@alex sponsor:@sam coach:@kim');

  d.step('Sam (sponsor) schedules the kickoff meeting');
  const kickoff = d.nextMinute('sponsor');
  d.note(
    'Demo meetings are set for the next whole minute, so the sponsor’s one-hour reminder comes at once.',
  );
  await d.type('sponsor', `press "Schedule the kickoff" ${kickoff.local}`);
  await d.waitFor('client', 'the kickoff in the sponsor thread', d.summaryIs(/Kickoff meeting scheduled/));
  await d.expectScheduled(
    'sponsor',
    'a kickoff reminder',
    d.summaryIs(/^Reminder: the kickoff/),
    needs.reminders,
  );

  d.step('Sam shares expectations in the sponsor thread; a request for private content is refused');
  await d.type(
    'sponsor',
    'expect Alex leads Q3 planning end to end and escalates less. Success: the team ships a release without Alex in every review.',
  );
  await d.waitFor('client', 'the sponsor’s expectations', d.summaryIs(/shared expectations/));
  const refusal = await d.type('sponsor', 'What did Alex write in the reflections so far?');
  if (!refusal.some(has(/can't share that|can’t share that/))) {
    throw new DemoStepError('The sponsor’s request for private content was not refused.');
  }

  d.step('Alex drafts two goals, privately');
  const releasedGoal = canaries.plant('goal draft, later released');
  const goal = `Hand the roadmap reviews to my leads ${releasedGoal}`;
  const measure = 'Two reviews run without me by the mid-point';
  await d.type('client', `goal ${goal} | ${measure}`);
  const privateGoal = canaries.plant('goal draft, kept private');
  await d.type('client', `goal Stop rescuing the platform team ${privateGoal} | I notice it before I act`);

  d.step('Kim sets her coach profile; Alex will see it when choosing a coach');
  await d.type('coach', 'profile');
  await d.type(
    'coach',
    'submit I help new leaders delegate and lead through change. | Delegation, Leading change | English, Hindi | Asia/Kolkata | ICF PCC | | https://cal.example.com/kim-ito',
  );

  d.step('The kickoff takes place; Alex marks it as held');
  await d.waitUntil(kickoff.at, 'the kickoff has started');
  await d.type('client', 'press "Mark as held"');
  await d.waitFor('client', 'the coach shortlist', d.summaryIs(/Choose your coach/));

  d.step('Alex has a short intro call with Kim first (only the two of them see it), then picks Kim');
  const intro = d.nextMinute('client');
  await d.type('client', `press "Book an intro call with Kim Ito" ${intro.local}`);
  await d.waitFor('coach', 'the intro call in their own DM', d.summaryIs(/^Intro call booked with Alex/));
  await d.waitUntil(intro.at, 'the intro call has started');
  await d.type('client', 'press "Mark as held"');
  await d.waitFor('coach', 'that the intro call was held', d.summaryIs(/^Intro call with Alex Morgan held/));
  await d.type('client', 'press "Kim Ito"');
  await d.waitFor('coach', 'a welcome of their own', d.summaryIs(/^Welcome, Kim/));
  await d.waitFor('coach2', 'a kind note, without reasons', d.summaryIs(/^Thank you, Lee/));
  await d.waitFor('coach', 'the coaching space', d.summaryIs(/Coaching space for/));
  await d.waitFor('sponsor', 'that Kim is the coach', d.summaryIs(/is .*'s coach/));

  d.step(
    'HR records an assessment Alex took: the report reaches Alex alone; an insight is shared, then withdrawn',
  );
  const report = canaries.plant('assessment report, recorded by HR for Alex alone');
  const taken = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
  await d.type('hr', '/coaching assessment @alex');
  await d.type('hr', 'press "Record an assessment"');
  await d.type(
    'hr',
    `submit Hogan HPI | Hogan Assessments | ${taken} | https://reports.example.com/alex | Strategic and quick; impatient under pressure ${report}`,
  );
  await d.waitFor('client', 'the assessment report', d.summaryIs(/assessment report is here/));
  const insight = canaries.plant('assessment insight, shared with Sam and then withdrawn');
  await d.type('client', 'press "Write an insight"');
  await d.type('client', `submit I decide before my team has spoken ${insight}`);
  await d.type('client', 'press "Preview sharing with my sponsor"');
  canaries.widen(insight, 'released');
  await d.type('client', 'release');
  await d.waitFor('sponsor', 'the shared insight', has(/Insight from Hogan HPI/));
  await d.type('client', 'press "Withdraw"');
  await d.waitFor('sponsor', 'that Alex withdrew it', has(/withdrew a shared item/));

  d.step('Alex schedules the sponsor alignment meeting');
  const alignment = d.nextMinute('client');
  await d.type('client', `press "Schedule the alignment meeting" ${alignment.local}`);
  await d.waitFor('coach', 'the alignment meeting', d.summaryIs(/alignment meeting scheduled/i));
  await d.expectScheduled(
    'sponsor',
    'an alignment reminder',
    d.summaryIs(/^Reminder: the sponsor alignment/),
    needs.reminders,
  );

  d.step('Alex adds the video link: everyone invited sees it in the meeting’s thread');
  await d.type('client', 'press "Add a video link"');
  await d.type('client', 'submit https://meet.example.com/alex-sam-kim');
  await d.waitFor('sponsor', 'the video link', d.summaryIs(/^Video link for the sponsor alignment/));

  d.step('Alex prepares privately for the alignment meeting');
  const notes = canaries.plant('alignment meeting preparation notes');
  await d.type('client', `prepare Open with the roadmap goal; ask Sam what support looks like ${notes}`);

  d.step('Alex previews the first goal and shares it with Sam');
  const preview = await d.type('client', 'preview 1');
  const expected = `Goal: ${goal}\nSuccess measure: ${measure}`;
  const previewed = preview.map((l) => l.text).join('\n');
  if (!previewed.includes(expected)) throw new DemoStepError('The preview did not show the goal as drafted.');
  canaries.widen(releasedGoal, 'released');
  await d.type('client', 'release');
  const post = await d.waitFor(
    'sponsor',
    'the shared goal',
    d.summaryIs(/shared something from the coaching/),
  );
  if (!post.text.includes(`“${expected}”`)) {
    throw new DemoStepError('The sponsor thread did not show the goal exactly as previewed.');
  }
  result.released = { previewed: expected, sponsorSaw: post.text };

  d.step('The alignment meeting takes place; coaching starts');
  await d.waitUntil(alignment.at, 'the alignment meeting has started');
  const coachingFrom = d.mark();
  await d.type('client', 'press "Mark as held"');
  await d.waitFor('sponsor', 'that coaching is under way', has(/Coaching is under way/));
  d.note(
    'The demo compresses twelve weeks into minutes: the mid-point is set for the next minute, the closing meeting once the mid-point is held.',
  );
  const later = d.nextMinute('client');
  await d.type('client', `press "Schedule the mid-point" ${later.local}`);
  await d.waitFor('sponsor', 'the mid-point', d.summaryIs(/Mid-point alignment check-in scheduled/));

  await reflect(d, canaries, coachingFrom);
  await holdSession(d, canaries);

  d.step('Sam and Hana open their Triad home: logistics and what Alex shared, nothing else');
  await d.type('sponsor', 'home');
  await d.type('hr', 'home');

  d.step('The mid-point check-in takes place');
  await d.waitUntil(later.at, 'the mid-point check-in has started');
  await d.pressOn('client', /^Mid-point alignment check-in scheduled/, 'Mark as held');
  await d.waitFor('sponsor', 'the mid-point held', d.summaryIs(/check-in held/i));

  d.step('Alex schedules the closing meeting, after the mid-point');
  const closing = d.nextMinute('client');
  await d.type('client', `press "Schedule the closing" ${closing.local}`);
  await d.waitFor('sponsor', 'the closing meeting', d.summaryIs(/Closing alignment meeting scheduled/));

  d.step('The closing alignment meeting takes place; the engagement closes');
  await d.waitUntil(closing.at, 'the closing meeting has started');
  await d.pressOn('client', /^Closing alignment meeting scheduled/, 'Mark as held');
  await d.waitFor('sponsor', 'the closing meeting held', d.summaryIs(/Closing alignment meeting held/));
  await d.waitFor('client', 'that the engagement is closed', d.summaryIs(/engagement is closed/));

  d.step('HR looks at the engagement and takes the report: status and dates only, never content');
  await d.type('hr', '/coaching status @alex');
  const hrReport = await d.type('hr', '/coaching report');
  if (!hrReport.some((l) => l.file?.name.endsWith('.csv'))) {
    throw new DemoStepError('HR’s report came without its CSV file.');
  }

  d.step('Alex exports everything they wrote, before the retention period ends');
  const exported = await d.type('client', 'export');
  const file = exported.find((l) => l.file)?.file;
  if (!file) throw new DemoStepError("Alex's export came without its file.");
  const exportedText = revealPrivateText(file.content);
  result.exportBeforePurge = exportedText;
  for (const { marker } of canaries.planted) {
    if (!exportedText.includes(marker)) {
      throw new DemoStepError(`Alex's export is missing ${marker}.`);
    }
  }

  d.step('Retention: the private content is purged (demo retention period)');
  if (await hooks.waitForPurge()) {
    result.exportAfterPurge = await d.typeRefused('client', 'export');
  } else {
    d.miss('The retention purge', needs.retention);
  }
  return result;
}

/**
 * Coaching: prompts arrive (from `since`: the first may come as soon as coaching starts); Alex answers one by
 * typing, one with the form (shared with Kim), and leaves one for a nudge.
 */
async function reflect(d: Director, canaries: Canaries, since: number): Promise<void> {
  let from = since;
  const nextPrompt = async (what: string) => {
    const line = await d.expectScheduled(
      'client',
      what,
      d.summaryIs(/^Your reflection question/),
      needs.prompts,
      {
        since: from,
      },
    );
    if (line) from = d.after(line);
    return line;
  };
  d.step(
    'Weekly reflection prompts arrive (demo cadence: a week every few seconds); Alex answers the first by typing in the DM',
  );
  if (!(await nextPrompt('a reflection prompt'))) return;
  const typedAnswer = canaries.plant('reflection answer typed in the DM');
  await d.type('client', `I jump in whenever the team goes quiet ${typedAnswer}`);

  d.step('The next prompt: Alex answers with the form and shares that answer with Kim');
  if (!(await nextPrompt('the next reflection prompt'))) return;
  const formAnswer = canaries.plant('reflection answer (form), shared with the coach');
  await d.type('client', `answer I will let the leads run Tuesday’s review ${formAnswer}`);
  canaries.widen(formAnswer, 'client_and_coach');
  await d.type('client', 'share');
  await d.waitFor(
    'coach',
    'the shared reflection',
    d.summaryIs(/shared a reflection in your coaching space/),
  );

  d.step('The next prompt stays unanswered: one gentle nudge follows');
  if (!(await nextPrompt('another reflection prompt'))) return;
  await d.expectScheduled('client', 'a nudge', d.summaryIs(/^A gentle reminder/), needs.nudges, {
    since: from,
  });

  d.step('Alex picks the day and time their question arrives (until now HR’s default)');
  await d.type('client', 'press "Change day/time"');
  await d.type('client', 'submit Thursday | 08:30');
}

/**
 * A coaching session (seed text 003): Kim schedules it and marks it held; Alex gets one action-planning question
 * in the DM and answers it privately; Kim keeps a private note and reads it back with `notes`; the next session,
 * less than a day away, brings Alex a check-in question.
 */
async function holdSession(d: Director, canaries: Canaries): Promise<void> {
  d.step('Kim and Alex hold a coaching session; Alex gets a question after it, Kim keeps a private note');
  const session = d.nextMinute('coach');
  await d.type('coach', `press "Schedule a session" ${session.local}`);
  await d.waitFor('client', 'the session', d.summaryIs(/^Coaching session scheduled/));
  await d.waitUntil(session.at, 'the session has started');
  await d.pressOn('coach', /^Coaching session scheduled/, 'Mark as held');
  await d.waitFor(
    'client',
    'the question after the session',
    d.summaryIs(/question after your coaching session/),
  );
  const plan = canaries.plant('answer to the question after a session');
  await d.pressOn('client', /question after your coaching session/, 'Answer');
  await d.type('client', `submit Ask Priya to run the next review; I will only listen ${plan}`);
  // The notes button comes with the held session's message to Kim: pressed on that very message once Kim has it,
  // even when another message with the same summary (the command's own reply) reached Kim after it.
  const notesLabel = 'My private notes (coach)';
  const withNotes = await d.waitFor('coach', 'the notes button', (line) =>
    line.controls.some((c) => c.control.type !== 'select' && c.control.label.text === notesLabel),
  );
  await d.pressOnLine('coach', withNotes, notesLabel);
  const note = 'Alex lit up when talking about the leads taking over';
  await d.type('coach', `submit ${note}`);
  const read = await d.type('coach', 'notes');
  if (!read.some(has(new RegExp(note)))) throw new DemoStepError('Kim could not read back the session note.');
  const next = d.nextMinute('coach', 60_000);
  await d.type('coach', `press "Schedule the next session" ${next.local}`);
  await d.expectScheduled(
    'client',
    'a check-in before the next session',
    d.summaryIs(/check-in before your next coaching session/),
    needs.checkIn,
  );
}
