import fc from 'fast-check';
import type { Outage } from './platform.js';
import { type E, type Role, roles } from './world.js';

/**
 * Random commands from every role. Targets (prompts, entries, releases, meetings) are picked by index at run time
 * from what exists then, so any sequence is meaningful; who acts is usually the right person but often not.
 */
export type { E };

/** Who acts: the person of the engagement itself (0) or of one of the other two (in either organisation). */
type Other = 0 | 1 | 2;
export type MeetingKind = 'kickoff' | 'alignment' | 'midpoint' | 'closing';

export type Command =
  | { t: 'progress'; e: E; pick: number }
  | { t: 'clock'; hours: number }
  | { t: 'issue'; e: E }
  | { t: 'nudge'; e: E; pick: number }
  | { t: 'purge' }
  | { t: 'answer'; e: E; who: Role; other: Other; pick: number; noise: string; long: boolean }
  | { t: 'answerForm'; e: E; who: Role; other: Other; pick: number }
  | { t: 'plain'; e: E; who: Role; other: Other; noise: string }
  | { t: 'promptAction'; op: 'share' | 'snooze' | 'skip'; e: E; who: Role; other: Other; pick: number }
  | { t: 'goal'; e: E; who: Role; other: Other; noise: string; long: boolean }
  | { t: 'editGoal'; e: E; who: Role; other: Other; pick: number; noise: string }
  | { t: 'goalView'; op: 'list' | 'form'; e: E; who: Role; other: Other; pick: number }
  | { t: 'preview'; e: E; who: Role; other: Other; pick: number; thenConfirm: boolean }
  | { t: 'release'; op: 'confirm' | 'withdraw' | 'cancel'; e: E; who: Role; other: Other; pick: number }
  | { t: 'activity'; e: E; who: Role; other: Other; on: boolean }
  | { t: 'prepare'; op: 'save' | 'form'; kind: MeetingKind; e: E; who: Role; other: Other; noise: string }
  | { t: 'export'; e: E; who: Role; other: Other }
  /** Assessments: recorded (by HR or the coach, or anyone trying), a report shared, an insight written, forms. */
  | {
      t: 'assessment';
      op: 'record' | 'share' | 'insight' | 'form';
      e: E;
      who: Role;
      other: Other;
      pick: number;
      noise: string;
    }
  | { t: 'home'; e: E; who: Role }
  | {
      t: 'hr';
      op: 'pause' | 'resume' | 'end' | 'reassign' | 'status' | 'list';
      e: E;
      who: Role;
      other: Other;
      pick: number;
    }
  | { t: 'sponsorText'; op: 'expectations' | 'relay' | 'form'; e: E; who: Role; other: Other; text: string }
  | {
      t: 'meeting';
      /** `hold`: the client schedules it if need be, its start passes, then `who` marks it held. */
      op: 'held' | 'hold' | 'schedule' | 'reschedule' | 'cancel';
      kind: MeetingKind;
      e: E;
      who: Role;
      other: Other;
      days: number;
    }
  | {
      t: 'session';
      op: 'schedule' | 'held' | 'cancel' | 'move';
      e: E;
      who: Role;
      other: Other;
      days: number;
      pick: number;
    }
  | { t: 'selectCoach'; e: E; who: Role; other: Other; pick: number }
  /** A coach's private session notes: hold a session first, save a note, open its form, type `notes`. */
  | {
      t: 'coachNote';
      op: 'hold' | 'save' | 'form' | 'list';
      e: E;
      who: Role;
      other: Other;
      pick: number;
      noise: string;
    }
  /** The platform goes down (every call fails for good, or for now) or comes back. */
  | { t: 'outage'; mode: Outage }
  /** HR retries an engagement's failed deliveries; an operator retries one failed entry by id. */
  | { t: 'retry'; op: 'hr' | 'operator'; e: E; who: Role; other: Other; pick: number }
  /** An HR admin (or anyone trying, in either workspace) adds or removes an admin of their organisation. */
  | { t: 'admins'; op: 'add' | 'remove'; e: E; who: Role; pick: number }
  /** Organisation settings saved (for new engagements, or applied to the live ones too), by HR or anyone trying. */
  | { t: 'settings'; e: E; who: Role; pick: number; apply: boolean }
  /** Kim, invited by e-mail, joins A's first engagement — or a stranger, or Kim in B's workspace, claims it. */
  | { t: 'join'; op: 'kim' | 'stranger' | 'crossTenant' }
  /** Someone with database access copies one row's ciphertext into another row. */
  | { t: 'tamper'; op: 'entryToRelease' | 'entryToEntry'; pick: number; pick2: number }
  /** An engagement started with people in overlapping roles (HR as coach, one person twice…), or validly. */
  | { t: 'start'; variant: StartVariant; e: E; who: Role };

export type StartVariant = 'hrCoach' | 'clientCoach' | 'sponsorCoach' | 'clientSponsor' | 'valid';

const e: fc.Arbitrary<E> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(0 as const) },
  { weight: 1, arbitrary: fc.constant(1 as const) },
  { weight: 2, arbitrary: fc.constant(2 as const) },
);
const pick = fc.nat({ max: 7 });
const other: fc.Arbitrary<Other> = fc.oneof(
  { weight: 10, arbitrary: fc.constant(0 as const) },
  fc.constant(1 as const),
  fc.constant(2 as const),
);
const long = fc.oneof({ weight: 12, arbitrary: fc.constant(false) }, fc.constant(true));
const anyone = fc.constantFrom<Role>(...roles);
const mostly = (role: Role) => fc.oneof({ weight: 6, arbitrary: fc.constant(role) }, anyone);
const noise = fc.oneof(
  fc.string({ maxLength: 24 }),
  fc.constantFrom('<!channel> *bold* <@U1>', 'Ünïcødé 🎯 ok', '', '\n\n', '"quoted" \\ back', 'I feel stuck'),
);
const sponsorWords = fc.constantFrom(
  'We expect clearer delegation by Q2.',
  'Please share the reflections with me.',
  'Can the coach tell me how it is going?',
  'Looking forward to the alignment meeting.',
);
const kind = fc.constantFrom<MeetingKind>('kickoff', 'alignment', 'midpoint', 'closing');

const clientCommand = (who = mostly('client')) => ({ e, who, other });

export const commandArbitrary: fc.Arbitrary<Command> = fc.oneof(
  { weight: 16, arbitrary: fc.record({ t: fc.constant('progress' as const), e, pick }) },
  {
    weight: 3,
    arbitrary: fc.record({ t: fc.constant('clock' as const), hours: fc.constantFrom(1, 20, 49, 168, 744) }),
  },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('issue' as const), e }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('nudge' as const), e, pick }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('purge' as const) }) },
  {
    weight: 8,
    arbitrary: fc.record({ t: fc.constant('answer' as const), ...clientCommand(), pick, noise, long }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('answerForm' as const), ...clientCommand(), pick }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('plain' as const), ...clientCommand(), noise }) },
  {
    weight: 6,
    arbitrary: fc.record({
      t: fc.constant('promptAction' as const),
      op: fc.constantFrom(
        'share' as const,
        'share' as const,
        'share' as const,
        'snooze' as const,
        'skip' as const,
      ),
      ...clientCommand(),
      pick,
    }),
  },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('goal' as const), ...clientCommand(), noise, long }) },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant('editGoal' as const), ...clientCommand(), pick, noise }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('goalView' as const),
      op: fc.constantFrom('list' as const, 'form' as const),
      ...clientCommand(),
      pick,
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constant('preview' as const),
      ...clientCommand(),
      pick,
      thenConfirm: fc.boolean(),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      t: fc.constant('release' as const),
      op: fc.constantFrom(
        'confirm' as const,
        'confirm' as const,
        'withdraw' as const,
        'withdraw' as const,
        'cancel' as const,
      ),
      ...clientCommand(),
      pick,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('activity' as const), ...clientCommand(), on: fc.boolean() }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('export' as const), ...clientCommand() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('prepare' as const),
      op: fc.constantFrom('save' as const, 'save' as const, 'form' as const),
      kind,
      ...clientCommand(),
      noise,
    }),
  },
  {
    weight: 8,
    arbitrary: fc
      .constantFrom(
        'record' as const,
        'record' as const,
        'share' as const,
        'insight' as const,
        'insight' as const,
        'form' as const,
      )
      .chain((op) =>
        fc.record({
          t: fc.constant('assessment' as const),
          op: fc.constant(op),
          e,
          who:
            op === 'record' || op === 'form'
              ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom<Role>('hr', 'coach') }, anyone)
              : mostly('client'),
          other,
          pick,
          noise,
        }),
      ),
  },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('home' as const), e, who: anyone }) },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('hr' as const),
      op: fc.oneof(
        { weight: 5, arbitrary: fc.constant('reassign' as const) },
        { weight: 2, arbitrary: fc.constant('status' as const) },
        fc.constantFrom('pause' as const, 'resume' as const, 'end' as const, 'list' as const),
      ),
      e,
      who: mostly('hr'),
      other,
      pick: fc.nat({ max: 15 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('sponsorText' as const),
      op: fc.constantFrom('expectations' as const, 'relay' as const, 'form' as const),
      e,
      who: mostly('sponsor'),
      other,
      text: sponsorWords,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('meeting' as const),
      op: fc.constantFrom(
        'held' as const,
        'hold' as const,
        'schedule' as const,
        'reschedule' as const,
        'cancel' as const,
      ),
      kind,
      e,
      who: anyone,
      other,
      days: fc.integer({ min: -2, max: 20 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('session' as const),
      op: fc.constantFrom('schedule' as const, 'held' as const, 'cancel' as const, 'move' as const),
      e,
      who: fc.constantFrom<Role>('client', 'coach', 'coach2', 'sponsor'),
      other,
      days: fc.integer({ min: 1, max: 10 }),
      pick,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('selectCoach' as const), e, who: mostly('client'), other, pick }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('coachNote' as const),
      op: fc.constantFrom(
        'hold' as const,
        'save' as const,
        'save' as const,
        'form' as const,
        'list' as const,
      ),
      e,
      who: fc.oneof({ weight: 4, arbitrary: fc.constant<Role>('coach') }, anyone),
      other,
      pick,
      noise,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('outage' as const),
      mode: fc.constantFrom<Outage>('none', 'none', 'permanent', 'permanent', 'transient'),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('retry' as const),
      op: fc.constantFrom('hr' as const, 'hr' as const, 'operator' as const),
      e,
      who: mostly('hr'),
      other,
      pick,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('admins' as const),
      op: fc.constantFrom('add' as const, 'remove' as const),
      e,
      who: mostly('hr'),
      pick,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('settings' as const),
      e,
      who: mostly('hr'),
      pick: fc.nat({ max: 15 }),
      apply: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('join' as const),
      op: fc.constantFrom('kim' as const, 'kim' as const, 'stranger' as const, 'crossTenant' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('tamper' as const),
      op: fc.constantFrom('entryToRelease' as const, 'entryToEntry' as const),
      pick,
      pick2: pick,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('start' as const),
      variant: fc.constantFrom<StartVariant>(
        'hrCoach',
        'clientCoach',
        'sponsorCoach',
        'clientSponsor',
        'valid',
      ),
      e,
      who: mostly('hr'),
    }),
  },
);
