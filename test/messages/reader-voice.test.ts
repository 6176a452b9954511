import { describe, expect, it } from 'vitest';
import { PrivateText } from '../../src/confidentiality/private-text.js';
import type { Engagement, Meeting, Person, ReflectionPrompt } from '../../src/engagement/records.js';
import { coachWelcome } from '../../src/messages/compose/coach-welcome.js';
import {
  clientWelcome,
  type StartedTriad,
  sponsorWelcome,
} from '../../src/messages/compose/engagement-started.js';
import {
  coachChangedForCoachingSpace,
  coachChangedForSponsorSpace,
  endedForClient,
  endedForSponsorSpace,
  type LifecycleParties,
  pausedForClient,
  pausedForSponsorSpace,
  resumedForClient,
  resumedForSponsorSpace,
} from '../../src/messages/compose/hr-lifecycle.js';
import { coachChoice, coachChosen, coachNotChosen } from '../../src/messages/compose/matching-choice.js';
import {
  afterHeldWords,
  meetingAnnounced,
  meetingCancelled,
  meetingHeld,
  meetingOwnerNote,
} from '../../src/messages/compose/meeting-announcements.js';
import { meetingLinkPosted } from '../../src/messages/compose/meeting-link.js';
import { answerForCoachMessage } from '../../src/messages/compose/reflection-replies.js';
import {
  releasedPost,
  releasePreviewReply,
  releaseSharedReply,
  withdrawalNote,
} from '../../src/messages/compose/release-messages.js';
import {
  clientPreparationPrompt,
  sessionReminder,
  sponsorMeetingReminder,
} from '../../src/messages/compose/reminder-meeting.js';
import { scheduleMeetingReminder } from '../../src/messages/compose/reminder-schedule.js';
import {
  sessionCancelled,
  sessionHeld,
  sessionScheduled,
} from '../../src/messages/compose/session-messages.js';
import {
  relayedMessage,
  sponsorExpectations,
  sponsorExpectationsForm,
} from '../../src/messages/compose/sponsor-thread.js';
import type { OutboundMessage } from '../../src/messages/message.js';
import { spaceReaders } from '../../src/policy/readers.js';
import { pauseEngagement } from '../../src/use-cases/hr/pause-engagement.js';
import { reassignCoach } from '../../src/use-cases/hr/reassign-coach.js';
import { resumeEngagement } from '../../src/use-cases/hr/resume-engagement.js';
import { messageText, partText, readOutbox } from '../support/outbox-reader.js';
import { advanceTo, hr, startTriad } from '../use-cases/hr/triad-fixture.js';

/**
 * "Never speak of the reader in the third person": every message is read by known people (a DM by one, the
 * coaching space by the client and its coach, the sponsor space by the triad). None of them may be spoken of as
 * if absent: no "the client" to the client, no "the sponsor" in the sponsor's space, no "your coach" to the coach,
 * no "… with you" where "you" could be either of two readers, and a message for one person never names them in
 * the third person (a greeting by name is fine).
 */
type Role = 'client' | 'sponsor' | 'coach';

/** Role nouns that name a thing, not a person: "the sponsor thread", "the coach buttons". */
const roleNoun = (role: Role) =>
  new RegExp(
    `\\bthe ${role}\\b(?!['’]s? (thread|space|chat|alignment))(?! (thread|space|chat|alignment|buttons?)\\b)`,
    'i',
  );
const yourRole = (role: Role) => new RegExp(`\\byour ${role}\\b`, 'i');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The reader's name with greetings taken out: "Welcome, Kim", "Thank you, Kim", "…, Kim.", "Sam, you …". */
function withoutGreetings(text: string, name: string): string {
  const n = escapeRegExp(name);
  return text
    .replace(new RegExp(`\\b(Welcome|Thank you|Hello|Hi),? ${n}\\b`, 'g'), '')
    .replace(new RegExp(`, ${n}(?=[.!,])`, 'g'), '')
    .replace(new RegExp(`(^|\\n)${n}, you\\b`, 'g'), '$1');
}

interface Reader {
  person: Pick<Person, 'id' | 'displayName'>;
  role: Role;
}

/** What is wrong with how `text` speaks to `readers` (empty when nothing is). */
function voiceProblems(text: string, readers: readonly Reader[]): string[] {
  const problems: string[] = [];
  for (const { person, role } of readers) {
    if (roleNoun(role).test(text)) problems.push(`calls ${person.displayName} "the ${role}"`);
    if (yourRole(role).test(text)) problems.push(`tells ${person.displayName} about "your ${role}"`);
  }
  const [only] = readers;
  if (readers.length === 1 && only) {
    if (withoutGreetings(text, only.person.displayName).includes(only.person.displayName)) {
      problems.push(`names its one reader, ${only.person.displayName}, in the third person`);
    }
  } else if (/\bwith you\b/i.test(text)) {
    problems.push('says "with you" where more than one person reads it');
  }
  return problems;
}

const at = new Date('2026-12-01T10:00:00Z');
const person = (id: string, displayName: string, timeZone: string): Person => ({
  id,
  organisationId: 'o1',
  platformUserId: `U-${id}`,
  displayName,
  timeZone,
  homeTeamId: null,
  directAddress: null,
  createdAt: at,
  updatedAt: at,
});
const jane = person('p-jane', 'Jane Client', 'Europe/London');
const sam = person('p-sam', 'Sam Sponsor', 'America/New_York');
const kim = person('p-kim', 'Kim Coach', 'Asia/Tokyo');
const lee = person('p-lee', 'Lee Coach', 'Europe/Berlin');
const ola = person('p-ola', 'Ola Coach', 'Europe/Oslo');
const roles = new Map<string, Reader>([
  [jane.id, { person: jane, role: 'client' }],
  [sam.id, { person: sam, role: 'sponsor' }],
  ...[kim, lee, ola].map((c) => [c.id, { person: c, role: 'coach' as const }] as const),
]);

const engagement: Engagement = {
  id: 'e-1',
  organisationId: 'o1',
  clientId: jane.id,
  sponsorId: sam.id,
  coachId: kim.id,
  coachShortlist: [kim.id, lee.id],
  startedById: 'p-hr',
  stage: 'coaching',
  pausedStage: null,
  weeks: 12,
  cadence: 'weekly',
  promptWeekday: 2,
  promptTime: '09:00',
  timeZone: 'Europe/London',
  workingHours: null,
  startedAt: at,
  pausedAt: null,
  closedAt: null,
  purgeAfter: null,
  purgedAt: null,
  version: 3,
  updatedAt: at,
};
const meeting = (kind: Meeting['kind']): Meeting & { startsAt: Date } => ({
  id: `m-${kind}`,
  engagementId: engagement.id,
  kind,
  status: 'scheduled',
  startsAt: new Date('2026-12-08T15:00:00Z'),
  durationMinutes: 60,
  organiserId: jane.id,
  organiserZone: 'Europe/London',
  threadAddress: null,
  videoUrl: 'https://meet.example.com/abc',
  coachId: null,
  heldAt: null,
  version: 2,
  createdAt: at,
  updatedAt: at,
});
const prompt: ReflectionPrompt = {
  id: 'q-1',
  engagementId: engagement.id,
  questionId: 'none',
  category: 'check_in',
  cycle: '2026-W49',
  status: 'answered',
  sentAt: at,
  snoozedUntil: null,
  nudgeDueAt: null,
  nudgedAt: null,
  expiresAt: at,
};

/** Who reads a composed message: its space's people (coach Kim unless given), or the one person it is for. */
function readersOf(message: OutboundMessage, coach: Person | null = kim): Reader[] {
  const d = message.destination;
  const ids =
    d.kind === 'space'
      ? spaceReaders(
          { clientId: jane.id, sponsorId: sam.id, coachId: coach?.id ?? null },
          { kind: d.space, coachId: coach?.id ?? null },
        )
      : [d.personId];
  return ids.map((id) => roles.get(id) ?? { person: { id, displayName: id }, role: 'client' });
}

const started: StartedTriad = {
  engagement: { ...engagement, stage: 'kickoff', coachId: null },
  client: jane,
  sponsor: sam,
  coaches: [kim, lee],
  kickoff: meeting('kickoff'),
};
const parties: LifecycleParties = { engagement, client: jane, sponsor: sam, coach: kim };
const attendees = [jane, sam, kim];
const released = { releaseId: 'r-1', engagementId: engagement.id, text: 'A goal', textHash: 'h' };

/** Representative messages, each with the coach of its space (null before one is chosen). */
const situations: [string, OutboundMessage, Person | null][] = [
  ['client welcome', clientWelcome(started), null],
  ['sponsor welcome, shortlist', sponsorWelcome(started), null],
  [
    'sponsor welcome, one coach',
    sponsorWelcome({ ...started, engagement: { ...engagement, stage: 'kickoff' }, coaches: [kim] }),
    kim,
  ],
  ['coach choice', coachChoice(engagement, [kim, lee]), kim],
  ['coach chosen', coachChosen({ ...engagement, stage: 'alignment' }, kim, meeting('alignment')), kim],
  ['coach not chosen', coachNotChosen(engagement, jane, lee), kim],
  ['coach welcome', coachWelcome({ engagement, client: jane, sponsor: sam, coach: kim }), kim],
  ...(['kickoff', 'alignment', 'midpoint', 'closing'] as const).flatMap(
    (kind): [string, OutboundMessage, Person | null][] => [
      [
        `${kind} announced`,
        meetingAnnounced({
          meeting: meeting(kind),
          client: jane,
          sponsor: sam,
          coach: kim,
          attendees,
          organiserName: 'Jane Client',
          change: 'scheduled',
        }),
        kim,
      ],
      [
        `${kind} held`,
        meetingHeld(
          meeting(kind),
          'Sam Sponsor',
          afterHeldWords(meeting(kind), engagement, jane, meeting('alignment')),
        ),
        kim,
      ],
      [`${kind} reminder`, sponsorMeetingReminder(meeting(kind), attendees, 24), kim],
      [`${kind} video link`, meetingLinkPosted(meeting(kind), 'Kim Coach'), kim],
    ],
  ),
  ['owner note', meetingOwnerNote(meeting('alignment'), jane, 'scheduled'), kim],
  ['preparation prompt', clientPreparationPrompt(meeting('alignment'), jane), kim],
  [
    'meeting cancelled',
    meetingCancelled(meeting('kickoff'), 'Sam Sponsor', { attendees, timeZone: 'UTC' }),
    kim,
  ],
  ['schedule the mid-point', scheduleMeetingReminder(meeting('midpoint'), jane.displayName, sam), kim],
  ['schedule the closing', scheduleMeetingReminder(meeting('closing'), jane.displayName, sam), kim],
  ['session scheduled', sessionScheduled(meeting('session'), [jane, kim], 'Kim Coach', 'scheduled'), kim],
  ['session cancelled', sessionCancelled(meeting('session'), 'Jane Client', [jane, kim]), kim],
  ['session held', sessionHeld(meeting('session'), 'Kim Coach'), kim],
  ['session reminder', sessionReminder(meeting('session'), [jane, kim], 1), kim],
  [
    'reflection shared with the coach',
    answerForCoachMessage(prompt, jane.displayName, PrivateText.of('An answer'), [jane.id, kim.id]),
    kim,
  ],
  [
    'release preview',
    releasePreviewReply(engagement.id, jane.id, 'r-1', PrivateText.of('A goal'), {
      client: jane.displayName,
      sponsor: sam.displayName,
    }),
    kim,
  ],
  ['release posted', releasedPost(released, jane.displayName, { replacesEarlier: false }), kim],
  ['release replaced', releasedPost(released, jane.displayName, { replacesEarlier: true }), kim],
  ['release shared reply', releaseSharedReply(engagement.id, jane.id, 'r-1', sam.displayName, false), kim],
  ['withdrawal', withdrawalNote(engagement.id, jane.displayName), kim],
  ['sponsor expectations', sponsorExpectations(engagement, sam, jane, 'Lead planning.'), kim],
  ['relayed message', relayedMessage(engagement, sam, 'sponsor', jane, 'Hello all.'), kim],
  ['paused: client', pausedForClient(parties), kim],
  ['paused: sponsor space', pausedForSponsorSpace(parties), kim],
  ['resumed: client', resumedForClient(parties, 'coaching'), kim],
  ['resumed: sponsor space', resumedForSponsorSpace(parties, 'coaching'), kim],
  ['ended: client', endedForClient(parties, 'cancelled', at), kim],
  ['ended by HR: sponsor space', endedForSponsorSpace(parties, 'cancelled', true), kim],
  ['closed: sponsor space', endedForSponsorSpace(parties, 'closed', false), kim],
  ['coach changed: coaching space', coachChangedForCoachingSpace(parties, kim, ola), ola],
  ['coach changed: sponsor space', coachChangedForSponsorSpace(parties, kim, ola), ola],
];

describe('words that speak to their readers', () => {
  it.each(situations)('%s', (_name, message, coach) => {
    expect(voiceProblems(messageText(message), readersOf(message, coach))).toEqual([]);
  });

  it("the sponsor's form speaks to the sponsor", () => {
    const form = sponsorExpectationsForm(engagement, sam, jane);
    const intro = (form.intro ?? []).flatMap((b) => (b.type === 'section' ? b.text.map(partText) : []));
    const text = [form.title.text, ...intro].join('\n');
    expect(voiceProblems(text, [{ person: sam, role: 'sponsor' }])).toEqual([]);
  });

  it('catches what it is meant to catch', () => {
    const client = { person: jane, role: 'client' as const };
    const coach = { person: kim, role: 'coach' as const };
    expect(voiceProblems('Jane Client shared a reflection with you.', [client, coach])).toHaveLength(1);
    expect(voiceProblems('Your coach has changed.', [client, coach])).toHaveLength(1);
    expect(voiceProblems('The client and the sponsor thread have been told.', [client])).toHaveLength(1);
    expect(voiceProblems('Jane Client is paused.', [client])).toHaveLength(1);
    expect(voiceProblems('Welcome, Jane Client. Post in the sponsor thread.', [client])).toEqual([]);
  });

  it('holds for every message of a walk: start, kickoff, choice, alignment, pause, resume, a new coach', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    const ref = { kind: 'id' as const, id: t.engagementId.slice(0, 8) };
    await pauseEngagement({ actor: hr, engagement: ref }, t.core);
    await resumeEngagement({ actor: hr, engagement: ref }, t.core);
    await reassignCoach({ actor: hr, engagement: ref, coachUserId: 'UCOACH3' }, t.core);
    const e = await t.engagement();
    const people = new Map<string, Reader>();
    for (const [userId, role] of [
      ['UCLIENT', 'client'],
      ['USPONSOR', 'sponsor'],
      ['UCOACH1', 'coach'],
      ['UCOACH2', 'coach'],
      ['UCOACH3', 'coach'],
    ] as const) {
      const p = await t.person(userId);
      people.set(p.id, { person: p, role });
    }
    const problems = (await readOutbox(t.core, t.engagementId)).flatMap((row) => {
      if (!row.message) return [];
      const readers = row.entry.readers.flatMap((id) => people.get(id) ?? []);
      return voiceProblems(row.text, readers).map((problem) => `${row.key.replace(e.id, 'E')}: ${problem}`);
    });
    expect(problems).toEqual([]);
  });
});
