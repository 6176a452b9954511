import { DateTime } from 'luxon';
import { runAction } from '../../../adapters/local/local-actions.js';
import { createLocalPlatform, type LocalPlatform } from '../../../adapters/local/local-platform.js';
import { createLocalSession, type LocalSession } from '../../../adapters/local/local-session.js';
import type { Gated } from '../../../src/confidentiality/outbound-gate.js';
import { revealPrivateText } from '../../../src/confidentiality/private-text.js';
import type { Form, OutboundMessage } from '../../../src/messages/message.js';
import { deliverOutboxEntry } from '../../../src/outbox/deliver-outbox-entry.js';
import { DeliveryError, type Messenger } from '../../../src/ports/messenger.js';
import type { Actor } from '../../../src/use-cases/actor.js';
import { makeFirstAdmin } from '../../../src/use-cases/admins/make-first-admin.js';
import { addAdmin } from '../../../src/use-cases/admins/manage-admins.js';
import type { DirectoryDeps } from '../../../src/use-cases/deps.js';
import { draftGoal } from '../../../src/use-cases/goals/draft-goal.js';
import { reassignCoach } from '../../../src/use-cases/hr/reassign-coach.js';
import { retryDeliveries } from '../../../src/use-cases/hr/retry-deliveries.js';
import { selectCoach } from '../../../src/use-cases/matching/select-coach.js';
import { markMeetingHeld } from '../../../src/use-cases/meetings/mark-meeting-held.js';
import { scheduleMeeting } from '../../../src/use-cases/meetings/schedule-meeting.js';
import { savePreparation } from '../../../src/use-cases/preparation/save-preparation.js';
import { answerPrompt } from '../../../src/use-cases/reflections/answer-prompt.js';
import { issueReflectionPrompt } from '../../../src/use-cases/reflections/issue-reflection-prompt.js';
import { shareAnswerWithCoach } from '../../../src/use-cases/reflections/share-answer-with-coach.js';
import { confirmRelease } from '../../../src/use-cases/releases/confirm-release.js';
import { previewRelease } from '../../../src/use-cases/releases/preview-release.js';
import { withdrawRelease } from '../../../src/use-cases/releases/withdraw-release.js';
import { saveCoachNote } from '../../../src/use-cases/sessions/coach-notes.js';
import { markSessionHeld } from '../../../src/use-cases/sessions/mark-session-held.js';
import { scheduleSession } from '../../../src/use-cases/sessions/schedule-session.js';
import { changeSettings } from '../../../src/use-cases/settings/change-settings.js';
import { createTestCore, manualClock } from '../../support/core-deps.js';
import { insightsWritten, reportSharedWithFormerCoach } from './assessment-story.js';
import {
  allViewers,
  canaryOf,
  type Item,
  newObserved,
  type Observed,
  organisationBViewers,
  type ReadPath,
  see,
  type Viewer,
  viewers,
} from './matrix.js';

/**
 * The viewer matrix through the core (in-memory store) and the local adapter: the story is told with the core's
 * use cases as the local platform's people; deliveries go through the local platform's messenger, which keeps
 * what each member of a conversation saw; every read path is taken through the local session (typed lines,
 * `home`, `/coaching …`, `export`) or its action table (buttons pressed with any id). The current coach is Kim,
 * who is also a member of organisation B's workspace (Slack Connect): B installed Triad, its first HR admin
 * added a second one, saved settings applied to live engagements, and started B's engagement with Kim as its
 * client; B's people take every read path in B's workspace (A's ids replayed there). The local platform keeps
 * one DM per person, so Kim's DM lines count as Kim in A; lines in B's spaces and B-workspace replies count
 * as Kim in B.
 */
const ids: Record<Viewer, string> = {
  client: 'UCLIENT',
  currentCoach: 'UKIM',
  formerCoach: 'UCOACHA',
  sponsor: 'USPONSOR',
  hrAdmin: 'UHR',
  removedHrAdmin: 'UHR2',
  otherOrganisationHr: 'UXHR',
  stranger: 'USTRANGER',
  kimInB: 'UKIM',
  bHrAdmin: 'UBHR',
  bAdmin: 'UBHR2',
  bSponsor: 'UBSPONSOR',
  bCoach: 'UBCOACH',
};
const inB = (viewer: Viewer) => (organisationBViewers as readonly Viewer[]).includes(viewer);
const tenantOf = (viewer: Viewer) => (viewer === 'otherOrganisationHr' || inB(viewer) ? 'T2' : 'T1');
const actorOf = (viewer: Viewer): Actor => ({
  platform: 'local',
  tenantId: tenantOf(viewer),
  platformUserId: ids[viewer],
});
const text = (item: Item, words = 'I wrote this privately') => `${canaryOf(item)} ${words} ${canaryOf(item)}`;

/** A messenger that fails for good while `down` is set (the platform refusing), else the local platform. */
function faultable(messenger: Messenger) {
  const state = { down: false };
  const wrapped = new Proxy(messenger, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        state.down
          ? Promise.reject(new DeliveryError('channel_not_found', false))
          : value.apply(target, args);
    },
  });
  return { messenger: wrapped, state };
}

interface Story {
  deps: DirectoryDeps & { clock: ReturnType<typeof manualClock> };
  platform: LocalPlatform;
  sessions: Record<'T1' | 'T2', LocalSession>;
  fault: { down: boolean };
  engagementId: string;
  /** Organisation B's engagement (Kim its client). */
  engagementB: string;
}

async function setUp(): Promise<Story> {
  const platform = createLocalPlatform();
  for (const viewer of allViewers) {
    if (viewer === 'kimInB') continue;
    platform.addPerson({
      platformUserId: ids[viewer],
      displayName: viewer,
      timeZone: 'Europe/London',
      isBot: false,
      deleted: false,
    });
  }
  const core = createTestCore({
    settings: { hrAdmins: [ids.hrAdmin, ids.removedHrAdmin, ids.otherOrganisationHr] },
  });
  const clock = manualClock(new Date('2026-11-23T08:00:00Z'));
  const { messenger, state } = faultable(platform.messenger);
  const deps = { ...core, clock, directory: platform.directory };
  deps.scheduler = {
    ...core.scheduler,
    deliver: async (outboxIds) => {
      for (const outboxId of outboxIds)
        await deliverOutboxEntry({ outboxId }, { ...deps, messengers: { local: messenger } });
    },
  };
  const resolveMention = (name: string) => allViewers.map((v) => ids[v]).find((id) => id === name);
  const session = (tenantId: string) => createLocalSession({ platform, deps, tenantId, resolveMention });
  return {
    deps,
    platform,
    sessions: { T1: session('T1'), T2: session('T2') },
    fault: state,
    engagementId: '',
    engagementB: '',
  };
}

/** Organisation B: installed by its first HR admin, who adds a second, saves settings, starts Kim's engagement. */
async function organisationB(story: Story): Promise<void> {
  const deps = story.deps;
  await makeFirstAdmin(
    { organisation: { platform: 'local', tenantId: 'T2' }, installer: { platformUserId: ids.bHrAdmin } },
    deps,
  );
  await addAdmin({ actor: actorOf('bHrAdmin'), platformUserId: ids.bAdmin }, deps);
  const started = await story.sessions.T2.run(
    ids.bHrAdmin,
    `/coaching start client:@${ids.kimInB} sponsor:@${ids.bSponsor} coach:@${ids.bCoach}`,
  );
  if (!started.ok) throw new Error(`B's start refused: ${started.shown.map((s) => s.text)}`);
  const b = (await deps.uow.read.engagements.listActive()).find((e) => e.id !== story.engagementId);
  story.engagementB = b?.id ?? '';
  await changeSettings(
    { actor: actorOf('bAdmin'), values: { cadence: 'fortnightly', weeks: '10' }, apply: 'existing' },
    deps,
  );
  await draftGoal(
    { actor: actorOf('kimInB'), goal: text('goalInB'), successMeasure: text('goalInB', 'measured') },
    deps,
  );
}

const localTime = (story: Story, hours: number) =>
  DateTime.fromJSDate(story.deps.clock.now(), { zone: 'Europe/London' })
    .plus({ hours })
    .startOf('hour')
    .toFormat("yyyy-LL-dd'T'HH:mm");

async function holdMeeting(story: Story, kind: 'kickoff' | 'alignment') {
  const meetings = await story.deps.uow.read.meetings.listByEngagement(story.engagementId);
  const meeting = meetings.find((m) => m.kind === kind);
  if (!meeting) throw new Error(`no ${kind} meeting`);
  const actor = actorOf('client');
  await scheduleMeeting({ actor, meetingId: meeting.id, localDateTime: localTime(story, 2) }, story.deps);
  story.deps.clock.advance(4 * 3600_000);
  await markMeetingHeld({ actor, meetingId: meeting.id }, story.deps);
}

/** A coaching session `coach` schedules and marks held; the coach keeps `note` on it. Returns its id. */
async function heldSession(story: Story, coach: Viewer, note: Item): Promise<string> {
  const actor = actorOf(coach);
  const { meetingId } = await scheduleSession(
    {
      actor,
      engagementId: story.engagementId,
      localDateTime: localTime(story, 2),
      timeZone: 'Europe/London',
    },
    story.deps,
  );
  story.deps.clock.advance(4 * 3600_000);
  await markSessionHeld({ actor, meetingId }, story.deps);
  await saveCoachNote({ actor, meetingId, notes: text(note) }, story.deps);
  return meetingId;
}

/** The question after session `meetingId`, answered with the item's text. */
async function answeredAfter(story: Story, meetingId: string, item: Item): Promise<void> {
  const prompts = await story.deps.uow.read.prompts.listByEngagement(story.engagementId);
  const question = prompts.find((p) => p.cycle === `session:${meetingId}`);
  if (!question) throw new Error('no question after the session');
  await answerPrompt({ actor: actorOf('client'), promptId: question.id, text: text(item) }, story.deps);
}

/** Next week's prompt, answered with the item's text; returns the prompt id. */
async function answered(story: Story, item: Item, how: 'typed' | 'form' = 'form'): Promise<string> {
  story.deps.clock.advance(7 * 24 * 3600_000);
  const issued = await issueReflectionPrompt(
    { engagementId: story.engagementId, dueAt: story.deps.clock.now() },
    story.deps,
  );
  if (issued.outcome !== 'issued') throw new Error(`prompt not issued: ${issued.outcome}`);
  if (how === 'typed') {
    const outcome = await story.sessions.T1.run(ids.client, text(item));
    if (!outcome.ok) throw new Error(`the typed answer was refused: ${outcome.shown.map((s) => s.text)}`);
  } else {
    await answerPrompt({ actor: actorOf('client'), promptId: issued.promptId, text: text(item) }, story.deps);
  }
  return issued.promptId;
}

async function goal(story: Story, item: Item) {
  const drafted = await draftGoal(
    { actor: actorOf('client'), goal: text(item), successMeasure: text(item, 'measured') },
    story.deps,
  );
  return drafted.entryId;
}

/** Steps 1–7 of the story (see matrix.ts). */
async function tellStory(story: Story): Promise<void> {
  const client = actorOf('client');
  const hr = actorOf('hrAdmin');
  const start = `/coaching start client:@${ids.client} sponsor:@${ids.sponsor} coach:@${ids.formerCoach} coach:@${ids.currentCoach}`;
  const started = await story.sessions.T1.run(ids.removedHrAdmin, start);
  if (!started.ok) throw new Error(`start refused: ${started.shown.map((s) => s.text)}`);
  const [engagement] = await story.deps.uow.read.engagements.listActive();
  if (!engagement) throw new Error('no engagement');
  story.engagementId = engagement.id;
  await organisationB(story);
  await holdMeeting(story, 'kickoff');
  const former = await story.deps.uow.read.people.getMany(engagement.coachShortlist);
  const coachId = former.find((p) => p.platformUserId === ids.formerCoach)?.id ?? '';
  await selectCoach({ actor: client, engagementId: engagement.id, coachId }, story.deps);
  await holdMeeting(story, 'alignment');

  await answered(story, 'dmAnswer', 'typed');
  await answered(story, 'modalAnswer');
  await goal(story, 'goalDraft');
  const closing = (await story.deps.uow.read.meetings.listByEngagement(engagement.id)).find(
    (m) => m.kind === 'closing',
  );
  await savePreparation(
    { actor: client, meetingId: closing?.id ?? '', notes: text('preparationNotes') },
    story.deps,
  );

  const shared = await answered(story, 'coachingSpaceMessage');
  await shareAnswerWithCoach({ actor: client, promptId: shared }, story.deps);
  const assessment = {
    core: story.deps,
    engagementId: engagement.id,
    hr,
    client,
    deliver: async () => {},
  };
  const reportId = await reportSharedWithFormerCoach(assessment);
  await answeredAfter(story, await heldSession(story, 'formerCoach', 'formerCoachNote'), 'sessionAnswer');

  const failing = await answered(story, 'failedShare');
  story.fault.down = true;
  await shareAnswerWithCoach({ actor: client, promptId: failing }, story.deps);
  story.fault.down = false;

  await reassignCoach(
    { actor: hr, engagement: { kind: 'id', id: engagement.id }, coachUserId: ids.currentCoach },
    story.deps,
  );
  await heldSession(story, 'currentCoach', 'coachNote');
  const current = await answered(story, 'coachShare');
  await shareAnswerWithCoach({ actor: client, promptId: current }, story.deps);
  await previewRelease({ actor: client, entryId: await goal(story, 'releasePreview') }, story.deps);
  const withdrawn = await previewRelease(
    { actor: client, entryId: await goal(story, 'withdrawnRelease') },
    story.deps,
  );
  await confirmRelease({ actor: client, releaseId: withdrawn.releaseId }, story.deps);
  await withdrawRelease({ actor: client, releaseId: withdrawn.releaseId }, story.deps);
  const live = await previewRelease({ actor: client, entryId: await goal(story, 'liveRelease') }, story.deps);
  await confirmRelease({ actor: client, releaseId: live.releaseId }, story.deps);
  await insightsWritten(assessment, reportId);

  story.deps.settings = {
    ...story.deps.settings,
    hrAdmins: story.deps.settings.hrAdmins.filter((id) => id !== ids.removedHrAdmin),
  };
}

/**
 * Who saw a line: the person looking in this phase, for their own replies (in their workspace); otherwise by
 * platform id — a viewer of B for lines in B's spaces, of A for the rest.
 */
function viewerOfLine(
  story: Story,
  line: { userId: string; conversation: string; conversationKind: string },
  looking?: Viewer,
) {
  if (looking && line.userId === ids[looking] && line.conversationKind === 'reply') return looking;
  const inSpaceOfB = story.engagementB !== '' && line.conversation.includes(story.engagementB.slice(0, 8));
  return (inSpaceOfB ? organisationBViewers : viewers).find((v) => ids[v] === line.userId);
}

/** What the local platform showed each viewer from `from` on, filed under `path` (deliveries by their kind). */
function collect(story: Story, observed: Observed, from: number, path: ReadPath, looking?: Viewer) {
  for (const line of story.platform.seen.slice(from)) {
    const viewer = viewerOfLine(story, line, looking);
    if (!viewer) continue;
    const delivered = line.conversationKind !== 'reply';
    const where: ReadPath = delivered ? (path === 'retries' ? 'retries' : 'deliveries') : path;
    see(observed, viewer, where, `${line.summary}\n${line.text}`);
    const file = /^📎 (\S+)/.exec(line.text)?.[1];
    const content = file ? story.platform.fileOf(line.userId, file) : undefined;
    if (content) see(observed, viewer, 'exports', revealPrivateText(content));
  }
}

/** Every button a person could press with an id they were never shown (or were): forms and previews. */
async function pressEverything(story: Story, viewer: Viewer) {
  const read = story.deps.uow.read;
  const prompts = await read.prompts.listByEngagement(story.engagementId);
  const entries = await read.entries.listByEngagement(story.engagementId);
  const meetings = await read.meetings.listByEngagement(story.engagementId);
  const presses: [string, string][] = [
    ...prompts.map((p): [string, string] => ['reflection.answer', p.id]),
    ...entries.map((e): [string, string] => ['goal.edit', e.id]),
    ...meetings.map((m): [string, string] => ['meeting.prepare', m.id]),
    ...entries.map((e): [string, string] => ['assessment.insight', e.id]),
    ['assessment.record', story.engagementId],
    ...meetings.map((m): [string, string] => ['session.notes', m.id]),
    ['session.notes.list', story.engagementId],
    ['goal.draft', ''],
  ];
  for (const [actionId, value] of presses) {
    try {
      const answer = await runAction(actionId, {
        actor: actorOf(viewer),
        deps: story.deps,
        value,
        timeZone: 'Europe/London',
        requestKey: `${viewer}-${actionId}-${value}`,
      });
      for (const item of [answer.reply, answer.form]) {
        if (item) story.platform.showReply(ids[viewer], item as Gated<OutboundMessage> | Gated<Form>);
      }
    } catch (error) {
      if (!(error as { code?: string }).code) throw error;
    }
  }
}

/** Runs the story, then every viewer takes every read path; returns what each path showed each viewer. */
export async function runLocalMatrix(): Promise<Observed> {
  const story = await setUp();
  const observed = newObserved();
  await tellStory(story);
  collect(story, observed, 0, 'deliveries');

  let from = story.platform.seen.length;
  await retryDeliveries(
    { actor: actorOf('hrAdmin'), engagement: { kind: 'id', id: story.engagementId } },
    story.deps,
  );
  collect(story, observed, from, 'retries');

  const phase = async (path: ReadPath, look: (viewer: Viewer, session: LocalSession) => Promise<unknown>) => {
    for (const viewer of allViewers) {
      from = story.platform.seen.length;
      await look(viewer, story.sessions[tenantOf(viewer)]);
      collect(story, observed, from, path, viewer);
    }
  };
  await phase('home', (v, s) => s.run(ids[v], 'home'));
  await phase('commandReplies', async (v, s) => {
    for (const line of ['goals', 'notes', '/coaching list', `/coaching status ${story.engagementId}`])
      await s.run(ids[v], line);
  });
  await phase('forms', (v) => pressEverything(story, v));
  await phase('exports', (v, s) => s.run(ids[v], 'export'));
  // Last, the role attacks: each viewer tries to make themselves the coach, then looks at Home again.
  await phase('home', async (v, s) => {
    await s.run(ids[v], `/coaching reassign ${story.engagementId} coach:@${ids[v]}`);
    await s.run(ids[v], 'home');
  });
  return observed;
}
