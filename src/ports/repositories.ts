import type {
  AuditEntry,
  Consent,
  Engagement,
  Meeting,
  Organisation,
  OutboxEntry,
  Person,
  Platform,
  PrivateEntry,
  PrivateEntryKind,
  ProcessedRequest,
  ReflectionPrompt,
  Release,
  Space,
} from '../engagement/records.js';
import type { CoachInvitationRepository } from './coach-invitations.js';
import type { CoachProfileRepository } from './coach-profiles.js';
import type { HeldDeliveryRepository } from './held-deliveries.js';
import type { OrganisationAdminRepository } from './organisation-admins.js';
import type { PresenceRecordRepository } from './presence-records.js';
import type { SpaceMemberRepository } from './space-members.js';
import type { TenantAccessRepository } from './tenant-access.js';

export interface OrganisationRepository {
  get(id: string): Promise<Organisation | undefined>;
  findByTenant(platform: Platform, platformTenantId: string): Promise<Organisation | undefined>;
  insert(organisation: Organisation): Promise<void>;
  /**
   * Inserts unless the tenant already has an organisation (a concurrent first request of a new workspace may
   * have just made it); returns the stored organisation either way.
   */
  insertOrGet(organisation: Organisation): Promise<Organisation>;
  update(organisation: Organisation): Promise<void>;
}

export interface PersonRepository {
  get(id: string): Promise<Person | undefined>;
  getMany(ids: readonly string[]): Promise<Person[]>;
  findByPlatformUser(organisationId: string, platformUserId: string): Promise<Person | undefined>;
  /** Inserts, or refreshes name, zone and HR flag of the person with the same platform id; returns the stored row. */
  upsert(person: Person): Promise<Person>;
  setDirectAddress(id: string, address: unknown): Promise<void>;
  /**
   * Gives a person the platform id the platform now names them by (a Teams user named by their Entra object id
   * before Teams first told Triad their Teams id). Refuses an unknown person.
   */
  setPlatformUserId(id: string, platformUserId: string): Promise<void>;
}

/** An engagement with its meetings and prompts: everything its schedules are planned from. */
export interface PlanningSnapshot {
  engagement: Engagement;
  meetings: Meeting[];
  prompts: ReflectionPrompt[];
}

/** A weekly prompt slot: engagements prompted on `weekday` at `time` (HH:mm) in `timeZone`. */
export interface PromptSlot {
  timeZone: string;
  weekday: number;
  time: string;
}

/** What issuing a prompt reads of a meeting: whether and when it is held, by kind. */
export type MeetingMark = Pick<Meeting, 'kind' | 'status' | 'startsAt'>;

/** `PlanningSnapshot` with each meeting's mark only: what issuing a weekly prompt decides on. */
export interface PromptingSnapshot {
  engagement: Engagement;
  meetings: MeetingMark[];
  prompts: ReflectionPrompt[];
}

export interface PlanningLoadOptions {
  /** Locks the engagements (in id order) for the transaction. */
  forUpdate?: boolean;
  /** Whether the meetings are read (default) or left out, empty. */
  meetings?: boolean;
}

/** A slot whose prompt fell due at `dueAt`, in `cycle` (the ISO week of `dueAt` in the slot's zone). */
export interface DueSlot extends PromptSlot {
  dueAt: Date;
  cycle: string;
}

/** An engagement in a prompting stage whose slot fell due, with its prompt of that cycle when it has one. */
export interface DuePrompt {
  engagementId: string;
  dueAt: Date;
  cycle: string;
  promptId: string | null;
  cadence: Engagement['cadence'];
  startedAt: Date;
  timeZone: string;
  platform: Platform;
  /** The engagement's organisation: whose stored presence of the client is read. */
  organisationId: string;
  /** The organisation's platform tenant (Slack team id, Teams tenant id): whose token asks for presence. */
  tenantId: string;
  clientPlatformUserId: string;
}

/** Instants in (from, to]; from null: everything up to `to` (a catch-up with no earlier run to go on). */
export interface HorizonWindow {
  from: Date | null;
  to: Date;
}

export interface EngagementRepository {
  get(id: string): Promise<Engagement | undefined>;
  /** Locks the row for the rest of the transaction (SELECT … FOR UPDATE). */
  getForUpdate(id: string): Promise<Engagement | undefined>;
  findActiveByClient(clientId: string): Promise<Engagement | undefined>;
  listByOrganisation(organisationId: string): Promise<Engagement[]>;
  /** Engagements a person takes part in, in any role. */
  listForPerson(personId: string): Promise<Engagement[]>;
  /** Engagements not closed or cancelled (for schedule reconciliation). */
  listActive(): Promise<Engagement[]>;
  /**
   * Ids of engagements not closed or cancelled, in id order, at most `limit`, after `afterId` (the last id of
   * the previous page; omitted for the first): keyset pages, so reconciliation never holds them all at once.
   */
  listActiveIds(afterId: string | undefined, limit: number): Promise<string[]>;
  /**
   * What planning the schedules needs for each of these engagements (those that exist, in id order): the
   * engagement, its meetings and its prompts, ordered as `meetings.listByEngagement` and
   * `prompts.listByEngagement` order them. Three queries for the lot. `meetings: false` leaves the meetings out
   * (empty, not read): for a planner given none, as the nudges of a prompt just issued are planned.
   */
  loadForPlanning(ids: readonly string[], options?: PlanningLoadOptions): Promise<PlanningSnapshot[]>;
  /**
   * `loadForPlanning` for issuing prompts: the same engagements, prompts and meeting order, each meeting read
   * as its mark (kind, status, start) only. Three queries for the lot.
   */
  loadForPrompting(ids: readonly string[], options?: { forUpdate?: boolean }): Promise<PromptingSnapshot[]>;
  /** The distinct weekly slots of engagements in a prompting stage (coaching, closing), not purged. */
  listPromptSlots(): Promise<PromptSlot[]>;
  /**
   * The engagements in a prompting stage, not purged, whose slot is one of `slots`, in id order after `afterId`
   * and up to `upToId` (inclusive; no end when omitted), at most `limit`, each with its prompt of the slot's
   * cycle (or null). One statement.
   */
  listPromptDue(
    slots: readonly DueSlot[],
    afterId: string | undefined,
    limit: number,
    upToId?: string,
  ): Promise<DuePrompt[]>;
  /**
   * Where the engagements `listPromptDue` finds for `slots` split into runs of `every` in id order: the id of
   * every `every`-th one, the last excluded (n due give ⌈n / every⌉ − 1 ids, in order). One statement.
   */
  listPromptDueBounds(slots: readonly DueSlot[], every: number): Promise<string[]>;
  /**
   * The horizon tick's query: ids of engagements in a live stage (`liveStages`) with a one-off job that may fall
   * due, by its own rule (`OneOffPlan.dueAt`), in `window` — a scheduled meeting's start less a lead
   * (`meetingLeadsMs`); a scheduled closing meeting's week start (Monday 00:00 in the engagement's zone, within
   * an hour either side); the reminder to schedule an unscheduled mid-point or closing meeting
   * (`scheduleReminderDue`); an unanswered prompt's nudge; a snoozed prompt's snooze end — in id order after
   * `afterId`, at most `limit`. A superset (the planner decides what each gets). One statement.
   */
  listEnteringHorizon(window: HorizonWindow, afterId: string | undefined, limit: number): Promise<string[]>;
  listPurgeDue(now: Date): Promise<Engagement[]>;
  insert(engagement: Engagement): Promise<void>;
  /** Writes the new state when the stored version is `engagement.version - 1`; otherwise throws a conflict. */
  update(engagement: Engagement): Promise<void>;
}

export interface SpaceRepository {
  /** The live (not retired) space of that kind: the one new messages are written for. */
  find(engagementId: string, kind: Space['kind']): Promise<Space | undefined>;
  /** The live spaces of that kind of these engagements (one statement). */
  findLive(engagementIds: readonly string[], kind: Space['kind']): Promise<Space[]>;
  /** One space row, live or retired (an outbox entry is bound to its row). */
  get(id: string): Promise<Space | undefined>;
  /** Every space row of the engagement, retired ones included, oldest first. */
  listByEngagement(engagementId: string): Promise<Space[]>;
  /**
   * The newest space row (live or retired) at this platform address (a Slack channel id is global: a Slack
   * Connect channel has one id in every organisation in it). Undefined when no engagement uses the address.
   */
  findByAddress(platform: Space['platform'], address: unknown): Promise<Space | undefined>;
  /**
   * The newest space row (live or retired) whose address has these fields with these values, whatever else it
   * holds (a Teams chat is named by its `conversationId`; its stored address also has the service URL and tenant).
   */
  findByAddressFields(
    platform: Space['platform'],
    fields: Readonly<Record<string, string>>,
  ): Promise<Space | undefined>;
  insert(space: Space): Promise<void>;
  setAddress(id: string, address: unknown): Promise<void>;
  /** Turns a coaching space's partnering self-check on or off. Throws when missing. */
  setCoachSelfCheck(id: string, on: boolean): Promise<void>;
  /**
   * Gives its coach a live coaching space opened before the coach was known (a coach invited from outside the
   * organisation, whose invitation went to this space). Throws when missing, retired, or already someone's.
   */
  assignCoach(id: string, coachId: string): Promise<void>;
  /** Marks a live space retired at `at` (a coach change); its address stays. Throws when missing or retired. */
  retire(id: string, at: Date): Promise<void>;
}

export interface MeetingRepository {
  get(id: string): Promise<Meeting | undefined>;
  listByEngagement(engagementId: string): Promise<Meeting[]>;
  /** Scheduled meetings starting after `after` (for reminder reconciliation). */
  listScheduledAfter(after: Date): Promise<Meeting[]>;
  insert(meeting: Meeting): Promise<void>;
  /** Optimistic like EngagementRepository.update. */
  update(meeting: Meeting): Promise<void>;
}

export interface ReflectionPromptRepository {
  get(id: string): Promise<ReflectionPrompt | undefined>;
  findByCycle(engagementId: string, cycle: string): Promise<ReflectionPrompt | undefined>;
  listByEngagement(engagementId: string): Promise<ReflectionPrompt[]>;
  /** Prompts with a nudge or snooze still to come (for reconciliation). */
  listOpen(): Promise<ReflectionPrompt[]>;
  /** Returns false when a prompt for that cycle already exists (no second prompt). */
  insert(prompt: ReflectionPrompt): Promise<boolean>;
  /** Inserts in one statement; skips those whose cycle already has a prompt; returns the ids inserted. */
  insertMany(prompts: readonly ReflectionPrompt[]): Promise<string[]>;
  update(prompt: ReflectionPrompt): Promise<void>;
  /** Marks these prompts expired and clears their snooze, in one statement. */
  expire(ids: readonly string[]): Promise<void>;
  deleteByEngagement(engagementId: string): Promise<number>;
}

export interface PrivateEntryRepository {
  get(id: string): Promise<PrivateEntry | undefined>;
  findBySubject(
    engagementId: string,
    kind: PrivateEntryKind,
    subjectId: string,
  ): Promise<PrivateEntry | undefined>;
  listByEngagement(engagementId: string, kind?: PrivateEntryKind): Promise<PrivateEntry[]>;
  /** Entries of one kind written by one person, in every engagement, oldest first (a coach's own notes). */
  listByAuthor(authorId: string, kind: PrivateEntryKind): Promise<PrivateEntry[]>;
  insert(entry: PrivateEntry): Promise<void>;
  /** Optimistic on `version` like EngagementRepository.update. */
  update(entry: PrivateEntry): Promise<void>;
  deleteByEngagement(engagementId: string): Promise<number>;
}

export interface ConsentRepository {
  get(id: string): Promise<Consent | undefined>;
  listByEngagement(engagementId: string): Promise<Consent[]>;
  insert(consent: Consent): Promise<void>;
  update(consent: Consent): Promise<void>;
  /** Deletes the engagement's consents and their hashes (retention); releases referring to them go first. */
  deleteByEngagement(engagementId: string): Promise<number>;
}

export interface ReleaseRepository {
  get(id: string): Promise<Release | undefined>;
  listByEngagement(engagementId: string): Promise<Release[]>;
  insert(release: Release): Promise<void>;
  update(release: Release): Promise<void>;
  /** Deletes the engagement's releases, previews included (retention): no snapshot, hash or time stays. */
  deleteByEngagement(engagementId: string): Promise<number>;
}

export interface OutboxRepository {
  get(id: string): Promise<OutboxEntry | undefined>;
  /** Inserts unless an entry with the same idempotency key exists; returns the stored entry either way. */
  insert(entry: OutboxEntry): Promise<OutboxEntry>;
  /**
   * Inserts in one statement, in the given order; skips entries whose idempotency key is stored already;
   * returns the ids inserted.
   */
  insertMany(entries: readonly OutboxEntry[]): Promise<string[]>;
  update(entry: OutboxEntry): Promise<void>;
  /**
   * Counts one more attempt of a pending entry, in one statement, just before its send; returns the entry as
   * counted, or undefined when it is no longer pending (sent, refused, cancelled meanwhile) or missing.
   */
  startAttempt(id: string, at: Date): Promise<OutboxEntry | undefined>;
  /**
   * Cancels a pending entry that was never tried (no attempt yet), in one statement, so it can never start
   * sending afterwards; false when it is missing, no longer pending, or an attempt has started.
   */
  cancelUntried(id: string, code: string, at: Date): Promise<boolean>;
  /**
   * Held entries (these ids, still pending) go back to the queue: due at `at`, their hold's code cleared, in one
   * statement; returns those released. One a delivery batch is trying right now (under a claim whose lease has not
   * run out by `at`) is left to that batch: made due, another batch would claim and send it as well.
   */
  releaseHeld(ids: readonly string[], at: Date): Promise<string[]>;
  /** Records a delivered entry (status sent, its platform message id, sent at `at`); false when it is missing. */
  markSent(id: string, platformMessageId: string | null, at: Date): Promise<boolean>;
  /** Pending entries available at `now`, oldest first. */
  listDue(now: Date, limit: number): Promise<OutboxEntry[]>;
  /**
   * Whether an entry for the same space of the same engagement, stored before `entry`, is available at `now`
   * and has not been tried yet (no attempt, no error, no deferral): `entry` waits for it, so a space's messages and membership changes arrive in
   * the order they were written. Always false for other destinations.
   */
  hasEarlierUntried(entry: OutboxEntry, now: Date): Promise<boolean>;
  listByEngagement(engagementId: string): Promise<OutboxEntry[]>;
  listFailed(limit: number): Promise<OutboxEntry[]>;
  /** Deletes every entry of an engagement, whatever its status (retention): no key, payload or time stays. */
  deleteByEngagement(engagementId: string): Promise<number>;
  /**
   * Claims up to `limit` pending entries due at `now` for one delivery worker, in one statement: first those
   * holding a send slot (put back with `pacedAt`), then the others, each oldest first:
   * rows another worker is claiming are skipped (`FOR UPDATE SKIP LOCKED`), and so is an entry that must wait
   * for an earlier untried entry of its space (the rule of `hasEarlierUntried`). Each claimed entry counts one
   * more attempt, carries `token` (the batch's claim, a random uuid; it replaces any earlier claim's) and
   * becomes available again only at `leaseUntil`: no other worker takes it while it is being sent, and one that
   * dies leaves it to be claimed again after the lease, as an entry whose earlier attempt is looked for first.
   * Returned with what delivering it reads (its space row, the engagement, the platform tenant), read in one
   * more statement, and when it was given the slot it holds (`reservedAt`; the claim ends the holding).
   */
  claimDue(now: Date, limit: number, leaseUntil: Date, token: string): Promise<ClaimedDelivery[]>;
  /**
   * The fence of a claimed batch, before sending and while its sends are in flight (the lease's heartbeat), in
   * one statement: of `ids`, the entries still pending and still carrying the batch's claim `token` (not
   * claimed again by another batch after the lease ran out) are leased on until `leaseUntil`; returns their
   * ids. An entry not returned is no longer the batch's: it must be neither sent nor recorded.
   */
  confirmClaims(ids: readonly string[], token: string, leaseUntil: Date): Promise<string[]>;
  /**
   * The fence of a batch whose claim is still fresh, read only: of `ids`, the entries still pending and still
   * carrying `token`, their lease left as the claim wrote it.
   */
  heldClaims(ids: readonly string[], token: string): Promise<string[]>;
  /**
   * Writes the outcomes of a claimed batch in one statement, only for entries still pending and still carrying
   * the batch's claim `token` (one refused meanwhile, or claimed again by another batch, is left as it is); the
   * claim ends with them. Returns how many rows were written.
   */
  recordOutcomes(outcomes: readonly DeliveryRecord[], token: string): Promise<number>;
}

/** An outbox entry claimed for delivery (its attempt counted), with the rows delivering it reads. */
export interface ClaimedDelivery {
  entry: OutboxEntry;
  /** The space row the entry is bound to (undefined for direct messages or a missing row). */
  space: Space | undefined;
  /** The engagement of that space. */
  engagement: Engagement | undefined;
  /** The platform and tenant the entry goes to (Slack workspace, Teams tenant): what pacing is shared by. */
  tenant: { platform: Platform; id: string } | undefined;
  /**
   * When the entry was given the send slot it was claimed at (a batch put it back holding it: `pacedAt` of its
   * record); undefined when it holds none. The claim ends the holding: a claim that dies leaves none.
   */
  reservedAt: Date | undefined;
}

/** What became of one claimed entry: sent, or pending again / failed with its attempts, time and code. */
export type DeliveryRecord =
  | { id: string; status: 'sent'; platformMessageId: string | null; at: Date }
  | {
      id: string;
      status: 'pending' | 'failed';
      attempts: number;
      availableAt: Date;
      lastErrorCode: string | null;
      at: Date;
      /**
       * Pending again holding a send slot at `availableAt`, given at this time by the pacer: when claimed at it,
       * the entry is sent without being put in line again. Absent: it holds none.
       */
      pacedAt?: Date;
    };

export interface AuditRepository {
  insert(entry: AuditEntry): Promise<void>;
  /** Inserts in one statement. */
  insertMany(entries: readonly AuditEntry[]): Promise<void>;
  listByEngagement(engagementId: string): Promise<AuditEntry[]>;
  /** Deletes the engagement's audit entries except those whose action is in `keep` (retention). */
  deleteByEngagement(engagementId: string, keep: readonly string[]): Promise<number>;
}

export interface ProcessedRequestRepository {
  get(key: string): Promise<ProcessedRequest | undefined>;
  /** Returns false when the key was already recorded. */
  insert(request: ProcessedRequest): Promise<boolean>;
  /**
   * Deletes up to `limit` keys recorded before `before` that start with one of `prefixes` (retention of
   * request keys); returns how many went.
   */
  deleteRecordedBefore(before: Date, prefixes: readonly string[], limit: number): Promise<number>;
  /** Deletes every key whose key or outcome mentions one of `ids` (retention of an engagement's ids). */
  deleteMentioning(ids: readonly string[]): Promise<number>;
}

export interface Repositories {
  organisations: OrganisationRepository;
  people: PersonRepository;
  engagements: EngagementRepository;
  spaces: SpaceRepository;
  spaceMembers: SpaceMemberRepository;
  meetings: MeetingRepository;
  prompts: ReflectionPromptRepository;
  entries: PrivateEntryRepository;
  consents: ConsentRepository;
  releases: ReleaseRepository;
  outbox: OutboxRepository;
  audit: AuditRepository;
  processed: ProcessedRequestRepository;
  coachProfiles: CoachProfileRepository;
  organisationAdmins: OrganisationAdminRepository;
  /** The operator's allow-list of tenants (not of any organisation: read before one is resolved). */
  tenantAccess: TenantAccessRepository;
  coachInvitations: CoachInvitationRepository;
  /** Deliveries held while an organisation's installation was away, released when it comes back. */
  heldDeliveries: HeldDeliveryRepository;
  /** What the platform last said of clients' presence (ids, times, booleans), kept from its events. */
  presenceRecords: PresenceRecordRepository;
}

/**
 * Postgres is the source of truth. Every use case that changes state does it inside `transaction`, together
 * with the outbox rows it causes; a failure leaves neither behind.
 */
export interface UnitOfWork {
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  /** Reads outside a transaction (HR views may go to a replica). */
  readonly read: Repositories;
}
