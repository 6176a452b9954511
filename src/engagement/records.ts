/**
 * The persisted shapes of the domain, platform- and ORM-neutral. Private text appears here only as
 * ciphertext + key id; decrypting is the use case's job, through the Cipher port.
 */
/** The platforms Triad runs on: the one list the database schema and every input schema read. */
export const platforms = ['slack', 'teams', 'local'] as const;
export type Platform = (typeof platforms)[number];

export interface Organisation {
  id: string;
  platform: Platform;
  platformTenantId: string;
  name: string;
  sessionVisibility: 'none' | 'count_held';
  retentionDays: number;
  /** ISO weekday (1 Monday … 7 Sunday) on which HR gets the weekly digest in their DM; Monday by default. */
  hrDigestWeekday: number;
  /**
   * Whether the client may book short intro ("chemistry") calls with shortlisted coaches before choosing one.
   * New organisations take the configured default (`CHEMISTRY_CALLS`, on unless set off).
   */
  chemistryCalls: boolean;
  /** HR's defaults for new engagements, each as its setting's text (`organisation-settings.ts`); `{}`: the environment's. */
  defaults: Record<string, string>;
  createdAt: Date;
}

/**
 * Someone Triad talks to in one organisation. Identity is (organisation, platform user id): the same account met
 * in two organisations (a Slack Connect coach from a coaching firm) is two people, one per organisation.
 */
export interface Person {
  id: string;
  organisationId: string;
  platformUserId: string;
  /**
   * The team (Slack) or tenant (Teams) the account belongs to, as the platform last said; another organisation's
   * for a Slack Connect user or a Teams guest. Null when the platform does not say (local, older rows).
   */
  homeTeamId: string | null;
  displayName: string;
  timeZone: string;
  directAddress: unknown;
  createdAt: Date;
  updatedAt: Date;
}

/** The stages of an engagement's lifecycle (`lifecycle.ts` says how one leads to the next); the schema reads this list. */
export const engagementStages = [
  'kickoff',
  'coach_matching',
  'alignment',
  'coaching',
  'closing',
  'closed',
  'paused',
  'cancelled',
] as const;
export type EngagementStage = (typeof engagementStages)[number];
export const cadences = ['weekly', 'fortnightly'] as const;
export type Cadence = (typeof cadences)[number];

export interface Engagement {
  id: string;
  organisationId: string;
  clientId: string;
  sponsorId: string;
  coachId: string | null;
  coachShortlist: string[];
  startedById: string;
  stage: EngagementStage;
  pausedStage: EngagementStage | null;
  weeks: number;
  cadence: Cadence;
  /** ISO weekday 1 (Monday) … 5 (Friday): prompts go out on working days only. */
  promptWeekday: number;
  /** Local time HH:MM in the client's zone. */
  promptTime: string;
  timeZone: string;
  /** When nudges, snoozes and reminders may land (`09:00-18:00` or `always`); null: the environment's hours. */
  workingHours: string | null;
  startedAt: Date;
  pausedAt: Date | null;
  closedAt: Date | null;
  purgeAfter: Date | null;
  purgedAt: Date | null;
  version: number;
  updatedAt: Date;
}

export interface Space {
  id: string;
  engagementId: string;
  kind: 'client_dm' | 'coaching' | 'sponsor';
  platform: Platform;
  address: unknown;
  /**
   * The coach a coaching space was opened for (null for the other kinds). A coach change retires the row and
   * opens a new one, so a space's readers never change after it is written to.
   */
  coachId: string | null;
  /**
   * For a coaching space: its coach asked for the seed's "signals that we are not partnering" as a self-check in
   * their DM after each session. A new coach's space starts without it.
   */
  coachSelfCheck: boolean;
  /** When a coach change retired this space; its address stays as history, nothing is delivered to it again. */
  retiredAt: Date | null;
  createdAt: Date;
}

export const meetingKinds = ['kickoff', 'alignment', 'midpoint', 'closing', 'session', 'chemistry'] as const;
export type MeetingKind = (typeof meetingKinds)[number];
/**
 * Meetings of two people only, outside the triad order: coaching sessions (client and coach) and intro
 * ("chemistry") calls (client and one shortlisted coach). The sponsor and HR never see them.
 */
export const privateMeetingKinds = ['session', 'chemistry'] as const satisfies readonly MeetingKind[];
export type PrivateMeetingKind = (typeof privateMeetingKinds)[number];
export type TriadMeetingKind = Exclude<MeetingKind, PrivateMeetingKind>;
/** Whether a meeting is one of the triad's (kickoff, alignment, mid-point, closing), which the sponsor and HR see. */
export const isTriadMeeting = (kind: MeetingKind): kind is TriadMeetingKind =>
  !(privateMeetingKinds as readonly MeetingKind[]).includes(kind);
export type MeetingStatus = 'unscheduled' | 'scheduled' | 'held' | 'cancelled';

export interface Meeting {
  id: string;
  engagementId: string;
  kind: MeetingKind;
  status: MeetingStatus;
  startsAt: Date | null;
  durationMinutes: number;
  organiserId: string | null;
  organiserZone: string | null;
  threadAddress: unknown;
  /** The video-call link (https) whoever arranges the meeting gave; null until one is added. */
  videoUrl: string | null;
  /** The shortlisted coach a chemistry call is with; null for every other kind. */
  coachId: string | null;
  heldAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The reflection question categories, in the order an engagement moves through them (seed text 003). */
export const promptCategories = [
  'starting',
  'check_in',
  'meaning_making',
  'action_planning',
  'closing',
] as const;
export type PromptCategory = (typeof promptCategories)[number];
export type PromptStatus = 'sent' | 'answered' | 'skipped' | 'snoozed' | 'expired';

export interface ReflectionPrompt {
  id: string;
  engagementId: string;
  questionId: string;
  category: PromptCategory;
  cycle: string;
  status: PromptStatus;
  sentAt: Date;
  snoozedUntil: Date | null;
  nudgeDueAt: Date | null;
  nudgedAt: Date | null;
  expiresAt: Date;
}

/**
 * The kinds of private entry (the schema reads this list). An assessment report is the client's (HR or the coach
 * records it, the client alone reads it unless they share it with their coach); an insight is what the client
 * writes from a report, releasable to the sponsor like a goal. A `coach_note` is the coach's own note after a
 * session: its readers are that coach alone, never the client, the sponsor, HR or a later coach, and it is not in
 * the client's export.
 */
export const privateEntryKinds = [
  'reflection_answer',
  'goal',
  'meeting_preparation',
  'assessment_report',
  'assessment_insight',
  'coach_note',
] as const;
export type PrivateEntryKind = (typeof privateEntryKinds)[number];

export interface PrivateEntry {
  id: string;
  engagementId: string;
  authorId: string;
  kind: PrivateEntryKind;
  subjectId: string | null;
  ciphertext: Buffer;
  keyId: string;
  /**
   * The people (person ids) who may read this entry, fixed when it is written or shared: the client alone, or
   * the client and the coach it was shared with. A later coach is never added by a reassignment.
   */
  readers: string[];
  sharedWithCoachAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface Consent {
  id: string;
  engagementId: string;
  clientId: string;
  kind: 'release' | 'activity_sharing';
  textHash: string | null;
  grantedAt: Date;
  withdrawnAt: Date | null;
}

export type ReleaseStatus = 'previewed' | 'released' | 'withdrawn' | 'superseded';

export interface Release {
  id: string;
  engagementId: string;
  entryId: string;
  entryVersion: number;
  status: ReleaseStatus;
  ciphertext: Buffer;
  keyId: string;
  /** The consent's keyed hash, once released; a preview never released keeps none. */
  textHash: string | null;
  consentId: string | null;
  previewedAt: Date;
  releasedAt: Date | null;
  withdrawnAt: Date | null;
}

export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'refused' | 'cancelled';

export interface OutboxEntry {
  id: string;
  engagementId: string | null;
  destination: unknown;
  /** The exact space row a space message was written for (null for HR messages); it is never re-targeted. */
  spaceId: string | null;
  /** The people who read the destination when the entry was written; the gate checks every private part against them. */
  readers: string[];
  idempotencyKey: string;
  ciphertext: Buffer;
  keyId: string;
  status: OutboxStatus;
  attempts: number;
  lastErrorCode: string | null;
  availableAt: Date;
  sentAt: Date | null;
  platformMessageId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface AuditEntry {
  id?: number;
  engagementId: string | null;
  actorId: string | null;
  action: string;
  outcome: 'done' | 'allowed' | 'refused';
  details: Record<string, unknown>;
  createdAt: Date;
}

export interface ProcessedRequest {
  key: string;
  outcome: unknown;
  createdAt: Date;
}
