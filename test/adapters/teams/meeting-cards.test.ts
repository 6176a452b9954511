import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TeamsAddress, teamsAddress } from '../../../adapters/teams/teams-address.js';
import { TeamsMessenger } from '../../../adapters/teams/teams-messenger.js';
import { deliverOutboxEntry } from '../../../src/outbox/deliver-outbox-entry.js';
import { sendMeetingReminder } from '../../../src/scheduling/send-meeting-reminder.js';
import { startEngagement } from '../../../src/use-cases/hr/start-engagement.js';
import { cancelMeeting } from '../../../src/use-cases/meetings/cancel-meeting.js';
import { rescheduleMeeting } from '../../../src/use-cases/meetings/reschedule-meeting.js';
import { scheduleMeeting } from '../../../src/use-cases/meetings/schedule-meeting.js';
import { answerPrompt } from '../../../src/use-cases/reflections/answer-prompt.js';
import { issueReflectionPrompt } from '../../../src/use-cases/reflections/issue-reflection-prompt.js';
import { createTestCore, type TestCore } from '../../support/core-deps.js';
import type { RecordedActivity } from '../../support/fake-bot-connector/index.js';
import { startTeamsFakes, TENANT_ID, type TeamsFakes } from './support/teams-fakes.js';
import { cardProblems, cardsOf } from './support/validate-card.js';

/**
 * A meeting's updates in the sponsor chat on Teams (group chats have no reply threads): one card per meeting,
 * updated in place, through the real delivery use case and the fake Bot Connector.
 */

let teams: TeamsFakes;
let core: TestCore;
let messenger: TeamsMessenger;
let engagementId: string;
let chatId: string;
let kickoffId: string;

const ids = { hr: '29:hr', client: '29:client', sponsor: '29:sponsor', coach: '29:coach' } as const;
const actor = (platformUserId: string) => ({
  platform: 'teams' as const,
  tenantId: TENANT_ID,
  platformUserId,
});
const CANARY = 'CANARY-meeting-card-7f3a';

beforeEach(async () => {
  teams = await startTeamsFakes();
  core = createTestCore({ settings: { hrAdmins: [ids.hr] } });
  for (const [role, id] of Object.entries(ids)) {
    const name = `${role[0]?.toUpperCase()}${role.slice(1)} Person`;
    teams.fake.addUser({ id, name });
    core.directory.add({ platformUserId: id, displayName: name });
  }
  messenger = new TeamsMessenger({
    connector: teams.connector,
    core,
    uow: core.uow,
    clock: core.clock,
    logger: core.logger,
    defaultServiceUrl: teams.fake.serviceUrl,
    defaultTenantId: TENANT_ID,
  });
  ({ engagementId } = await startEngagement(
    {
      actor: actor(ids.hr),
      clientUserId: ids.client,
      sponsorUserId: ids.sponsor,
      coachUserIds: [ids.coach],
    },
    core,
  ));
  const chat = teams.fake.addConversation({
    conversationType: 'groupChat',
    memberIds: [ids.sponsor, ids.client, ids.coach],
  });
  chatId = chat.id;
  const address: TeamsAddress = teamsAddress.parse({
    conversationId: chat.id,
    serviceUrl: teams.fake.serviceUrl,
    tenantId: TENANT_ID,
    conversationType: 'groupChat',
    engagementId,
    space: 'sponsor',
  });
  const sponsorSpace = await core.uow.read.spaces.find(engagementId, 'sponsor');
  await core.uow.transaction((repos) => repos.spaces.setAddress(sponsorSpace?.id ?? '', address));
  const kickoff = (await core.uow.read.meetings.listByEngagement(engagementId)).find(
    (m) => m.kind === 'kickoff',
  );
  kickoffId = kickoff?.id ?? '';
  await deliverAll();
});

afterEach(async () => {
  await teams.close();
});

const deliver = (outboxId: string) =>
  deliverOutboxEntry({ outboxId }, { ...core, messengers: { teams: messenger } });

async function deliverAll() {
  for (const entry of await core.uow.read.outbox.listByEngagement(engagementId)) {
    if (entry.status === 'pending') await deliver(entry.id);
  }
}

const json = (value: unknown) => JSON.stringify(value);
const sponsorChat = () => teams.fake.activitiesIn(chatId);
let cardId = '';
/** The activities about the kickoff: the post and updates of its card (stored as its thread), and replies to it. */
const aboutKickoff = () => sponsorChat().filter((a) => a.activityId === cardId || a.replyToId === cardId);
const posts = (activities: RecordedActivity[]) =>
  activities.filter((a) => a.operation === 'sendToConversation' || a.operation === 'replyToActivity');
/** The card as the chat shows it now (the fake keeps each message's current state). */
const cardNow = (activityId: string) =>
  cardsOf(teams.fake.conversations.get(chatId)?.messages.get(activityId))[0];

async function schedule(at: string) {
  const before = sponsorChat().length;
  await scheduleMeeting({ actor: actor(ids.client), meetingId: kickoffId, localDateTime: at }, core);
  await deliverAll();
  const thread = (await core.uow.read.meetings.get(kickoffId))?.threadAddress as { activityId?: string };
  cardId = thread?.activityId ?? '';
  // The card is the one message the scheduling posted in the sponsor chat.
  expect(
    sponsorChat()
      .slice(before)
      .map((a) => [a.operation, a.activityId]),
  ).toEqual([['sendToConversation', cardId]]);
}

describe('a meeting in the Teams sponsor chat is one card, updated in place', () => {
  it('posts the card when the meeting is scheduled (that post notifies), then moves and cancels it in place', async () => {
    await schedule('2026-12-01T10:00');
    expect(cardProblems(cardNow(cardId))).toEqual([]);
    expect(json(cardNow(cardId))).toContain('Move it');

    await rescheduleMeeting(
      { actor: actor(ids.sponsor), meetingId: kickoffId, localDateTime: '2026-12-02T11:00' },
      core,
    );
    await deliverAll();
    await cancelMeeting({ actor: actor(ids.sponsor), meetingId: kickoffId }, core);
    await deliverAll();

    const kickoff = aboutKickoff();
    // One message in the chat for the whole meeting: every later update edits it (an edit notifies no one).
    expect(posts(kickoff)).toHaveLength(1);
    expect(kickoff.slice(1).map((a) => [a.operation, a.activityId])).toEqual([
      ['updateActivity', cardId],
      ['updateActivity', cardId],
    ]);
    const card = cardNow(cardId);
    expect(cardProblems(card)).toEqual([]);
    const shown = json(card);
    // The state is the cancellation, with its one button; what came before is listed under "Earlier".
    expect(shown).toContain('cancelled the kickoff');
    expect(shown).toContain('Schedule again');
    expect(shown).not.toContain('Move it');
    expect(shown).toMatch(/Earlier[\s\S]*Kickoff meeting scheduled[\s\S]*Kickoff meeting moved/);
    const meeting = await core.uow.read.meetings.get(kickoffId);
    expect(meeting?.threadAddress).toEqual({ conversationId: chatId, activityId: cardId });
  });

  it('notifies the attendees of a reminder with a short message that mentions them, replying to the card', async () => {
    await schedule('2026-11-24T10:00');
    const startsAt = (await core.uow.read.meetings.get(kickoffId))?.startsAt ?? new Date();
    await sendMeetingReminder({ meetingId: kickoffId, reminder: 'sponsor-24h', startsAt }, core);
    await deliverAll();

    const [update, notice, ...more] = aboutKickoff().slice(1);
    expect(more).toEqual([]);
    expect(update).toMatchObject({ operation: 'updateActivity', activityId: cardId });
    expect(notice).toMatchObject({ operation: 'replyToActivity', replyToId: cardId });
    const [noticeCard] = cardsOf(notice?.activity);
    expect(cardProblems(noticeCard)).toEqual([]);
    expect((noticeCard as { msteams?: { entities?: unknown[] } }).msteams?.entities).toContainEqual({
      type: 'mention',
      text: '<at>Sponsor Person</at>',
      mentioned: { id: ids.sponsor, name: 'Sponsor Person' },
    });
    expect(json(noticeCard)).toContain('Reminder: the kickoff');
    // The card keeps the meeting's state and buttons, the reminder below it, and mentions no one.
    const card = cardNow(cardId);
    expect(json(card)).toContain('Move it');
    expect(json(card)).toContain('Reminder: the kickoff');
    expect(json(card)).not.toContain('<at>');
    const entry = (await core.uow.read.outbox.listByEngagement(engagementId)).find((e) =>
      e.idempotencyKey.endsWith(':reminder:sponsor-24h'),
    );
    expect(entry?.platformMessageId).toBe(`${chatId}|${notice?.activityId}`);
  });

  it('never posts a second card when a delivery is retried or redelivered', async () => {
    await schedule('2026-12-01T10:00');
    await rescheduleMeeting(
      { actor: actor(ids.sponsor), meetingId: kickoffId, localDateTime: '2026-12-02T11:00' },
      core,
    );
    const moved = (await core.uow.read.outbox.listByEngagement(engagementId)).filter(
      (e) => e.status === 'pending' && /meeting/.test(e.idempotencyKey) && e.spaceId !== null,
    );
    // Teams fails the edit (past botbuilder's own retries): delivery retries later.
    teams.fake.setFault({ status: 500, operation: 'updateActivity', times: 4 });
    for (const entry of moved) await deliver(entry.id);
    await deliverAll();
    for (const entry of moved) {
      const after = await core.uow.read.outbox.get(entry.id);
      if (after?.status === 'pending') {
        await core.uow.transaction((repos) =>
          repos.outbox.update({ ...after, availableAt: core.clock.now() }),
        );
      }
    }
    await deliverAll();
    expect(teams.fake.requests.some((r) => r.faulted && r.operation === 'updateActivity')).toBe(true);
    // A process that died after Teams took the edit, before the outbox recorded it: tried again, it edits again.
    const sent = (await core.uow.read.outbox.listByEngagement(engagementId)).filter(
      (e) => e.status === 'sent' && e.spaceId !== null && moved.some((m) => m.id === e.id),
    );
    for (const entry of sent) {
      await core.uow.transaction((repos) =>
        repos.outbox.update({ ...entry, status: 'pending', attempts: 1, sentAt: null }),
      );
      await deliver(entry.id);
      // And a queue that delivers a sent entry twice sends nothing.
      expect(await deliver(entry.id)).toMatchObject({ outcome: 'skipped', status: 'sent' });
    }

    const kickoff = aboutKickoff();
    expect(posts(kickoff)).toHaveLength(1);
    expect(kickoff.every((a) => a.activityId === cardId)).toBe(true);
    expect(json(cardNow(cardId))).toContain('moved the kickoff');
  });

  it('shows nothing private: what the client wrote never reaches the sponsor chat', async () => {
    await schedule('2026-11-24T10:00');
    await core.uow.transaction(async (repos) => {
      const current = await repos.engagements.getForUpdate(engagementId);
      if (current)
        await repos.engagements.update({ ...current, stage: 'coaching', version: current.version + 1 });
    });
    const prompt = await issueReflectionPrompt({ engagementId, dueAt: core.clock.now() }, core);
    if (prompt.outcome !== 'issued') throw new Error(`no prompt: ${prompt.outcome}`);
    await answerPrompt(
      { actor: actor(ids.client), promptId: prompt.promptId, text: `${CANARY} my private answer` },
      core,
    );
    const startsAt = (await core.uow.read.meetings.get(kickoffId))?.startsAt ?? new Date();
    await sendMeetingReminder({ meetingId: kickoffId, reminder: 'sponsor-24h', startsAt }, core);
    await cancelMeeting({ actor: actor(ids.client), meetingId: kickoffId }, core);
    await deliverAll();

    expect(aboutKickoff().length).toBeGreaterThan(2);
    expect(json(sponsorChat())).not.toContain(CANARY);
    expect(json([...(teams.fake.conversations.get(chatId)?.messages.values() ?? [])])).not.toContain(CANARY);
    expect(core.logLines.join('\n')).not.toContain(CANARY);
  });
});
