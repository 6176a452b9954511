import { describe, expect, it } from 'vitest';
import { outboxRow } from '../../src/confidentiality/sealed-rows.js';
import { timed, words } from '../../src/confidentiality/words.js';
import type { Engagement, Meeting } from '../../src/engagement/records.js';
import { deserializePayload } from '../../src/messages/serialize.js';
import { meetingTime } from '../../src/messages/time-part.js';
import { promptWhenPresent } from '../../src/scheduling/prompt-when-present.js';
import { remindToSchedule } from '../../src/scheduling/remind-to-schedule.js';
import { sendMeetingReminder } from '../../src/scheduling/send-meeting-reminder.js';
import { startedEngagement } from '../outbox/started-engagement.js';
import type { TestCore } from '../support/core-deps.js';

async function inCoaching() {
  const started = await startedEngagement();
  const { core } = started;
  const engagement: Engagement = {
    ...started.engagement,
    stage: 'coaching',
    version: started.engagement.version + 1,
  };
  await core.uow.transaction((repos) => repos.engagements.update(engagement));
  return { core, engagement };
}

async function meetingOf(
  core: TestCore,
  engagement: Engagement,
  kind: Meeting['kind'],
  startsAt: Date | null,
) {
  const meeting = (await core.uow.read.meetings.listByEngagement(engagement.id)).find((m) => m.kind === kind);
  if (!meeting) throw new Error(`no ${kind}`);
  if (!startsAt) return meeting;
  const scheduled: Meeting = { ...meeting, status: 'scheduled', startsAt, version: meeting.version + 1 };
  await core.uow.transaction((repos) => repos.meetings.update(scheduled));
  return scheduled;
}

const outboxIds = async (core: TestCore, engagement: Engagement) =>
  new Set((await core.uow.read.outbox.listByEngagement(engagement.id)).map((entry) => entry.id));

/** What went into the outbox for an engagement after the welcomes, decrypted for inspection. */
async function sentSince(core: TestCore, engagement: Engagement, before: Set<string>) {
  const all = await core.uow.read.outbox.listByEngagement(engagement.id);
  const entries = all.filter((entry) => !before.has(entry.id));
  return entries.map((entry) => {
    const payload = deserializePayload(core.cipher.open(entry, outboxRow(entry)));
    return payload.type === 'message' ? payload.message : undefined;
  });
}

describe('meeting reminders', () => {
  it('remind the sponsor thread in the meeting thread, once however often the job runs', async () => {
    const { core, engagement } = await inCoaching();
    const before = await outboxIds(core, engagement);
    const startsAt = new Date(core.clock.now().getTime() + 30 * 3600_000);
    const meeting = await meetingOf(core, engagement, 'alignment', startsAt);

    const input = {
      meetingId: meeting.id,
      reminder: 'sponsor-24h' as const,
      startsAt: startsAt.toISOString(),
    };
    expect(await sendMeetingReminder(input, core)).toEqual({ outcome: 'sent' });
    await sendMeetingReminder(input, core);

    const sent = await sentSince(core, engagement, before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      audience: 'shared',
      destination: { space: 'sponsor', threadMeetingId: meeting.id },
    });
    // The notification names the time, each reader in their own zone; the fallback is the client's.
    const client = await core.uow.read.people.get(engagement.clientId);
    expect(sent[0]?.summary).toEqual(
      timed`Reminder: the sponsor alignment meeting is in 24 hours: ${meetingTime(startsAt, client?.timeZone ?? '')}`,
    );
    // A reply in a thread notifies only its followers: the reminder names the sponsor so they are notified.
    const sponsor = await core.uow.read.people.get(engagement.sponsorId);
    expect(sent[0]?.notify).toContainEqual({
      personId: engagement.sponsorId,
      platformUserId: sponsor?.platformUserId,
      name: words(sponsor?.displayName ?? ''),
    });
  });

  it('send the client a private preparation prompt with a button to prepare', async () => {
    const { core, engagement } = await inCoaching();
    const before = await outboxIds(core, engagement);
    const startsAt = new Date(core.clock.now().getTime() + 47 * 3600_000);
    const meeting = await meetingOf(core, engagement, 'closing', startsAt);

    await sendMeetingReminder({ meetingId: meeting.id, reminder: 'prepare-48h', startsAt }, core);

    const [message] = await sentSince(core, engagement, before);
    expect(message).toMatchObject({ audience: 'private', destination: { space: 'client_dm' } });
    expect(JSON.stringify(message)).toContain('"actionId":"meeting.prepare"');
  });

  it('remind coaching sessions in the coaching space only', async () => {
    const { core, engagement } = await inCoaching();
    const before = await outboxIds(core, engagement);
    const startsAt = new Date(core.clock.now().getTime() + 3600_000);
    const session: Meeting = {
      ...(await meetingOf(core, engagement, 'alignment', null)),
      id: core.ids.newId(),
      kind: 'session',
      status: 'scheduled',
      startsAt,
      version: 1,
    };
    await core.uow.transaction((repos) => repos.meetings.insert(session));

    await sendMeetingReminder({ meetingId: session.id, reminder: 'session-1h', startsAt }, core);

    expect((await sentSince(core, engagement, before)).map((m) => m?.destination)).toEqual([
      { kind: 'space', engagementId: engagement.id, space: 'coaching' },
    ]);
  });

  it.each([
    ['moved since the job was planned', 'moved', 1],
    ['cancelled', 'not_scheduled', 0],
  ] as const)('are not sent for a meeting %s', async (_label, outcome, shift) => {
    const { core, engagement } = await inCoaching();
    const before = await outboxIds(core, engagement);
    const startsAt = new Date(core.clock.now().getTime() + 30 * 3600_000);
    const meeting = await meetingOf(core, engagement, 'alignment', startsAt);
    const changed: Meeting =
      shift === 1
        ? { ...meeting, startsAt: new Date(startsAt.getTime() + 86_400_000), version: meeting.version + 1 }
        : { ...meeting, status: 'cancelled', version: meeting.version + 1 };
    await core.uow.transaction((repos) => repos.meetings.update(changed));

    const result = await sendMeetingReminder(
      { meetingId: meeting.id, reminder: 'sponsor-1h', startsAt },
      core,
    );

    expect(result).toEqual({ outcome });
    expect(await sentSince(core, engagement, before)).toEqual([]);
  });
});

describe('reminders to schedule', () => {
  it('ask the sponsor space once to schedule an unscheduled mid-point, with a picker', async () => {
    const { core, engagement } = await inCoaching();
    const before = await outboxIds(core, engagement);
    const midpoint = await meetingOf(core, engagement, 'midpoint', null);

    expect(await remindToSchedule({ meetingId: midpoint.id }, core)).toEqual({ outcome: 'sent' });
    await remindToSchedule({ meetingId: midpoint.id }, core);

    const sent = await sentSince(core, engagement, before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ audience: 'shared', destination: { space: 'sponsor' } });
    expect(sent[0]?.notify?.map((m) => m.personId)).toEqual([engagement.sponsorId]);
    expect(JSON.stringify(sent[0])).toContain(
      `"actionId":"meeting.schedule","label":{"kind":"logistics","text":"Schedule the mid-point alignment check-in"},"value":"${midpoint.id}"`,
    );
  });

  it('stay quiet once the meeting is scheduled', async () => {
    const { core, engagement } = await inCoaching();
    const midpoint = await meetingOf(
      core,
      engagement,
      'midpoint',
      new Date(core.clock.now().getTime() + 86_400_000),
    );
    expect(await remindToSchedule({ meetingId: midpoint.id }, core)).toEqual({
      outcome: 'already_scheduled',
    });
  });
});

describe('the weekly prompt and presence', () => {
  const dueAt = new Date('2026-11-23T09:30:00Z');
  const presence = (away: boolean | Error) => ({
    slack: {
      isAway: async () => {
        if (away instanceof Error) throw away;
        return away;
      },
    },
  });

  it('waits while the client is away, looking again later in working hours', async () => {
    const { core, engagement } = await inCoaching();
    core.clock.set(dueAt);

    const outcome = await promptWhenPresent(
      { engagementId: engagement.id, dueAt },
      { ...core, presence: presence(true) },
    );

    expect(outcome).toEqual({
      outcome: 'away',
      retryAt: new Date('2026-11-23T11:30:00Z'),
      cycle: '2026-W48',
    });
    expect(await core.uow.read.prompts.listByEngagement(engagement.id)).toEqual([]);
  });

  it('skips the week once the client has been away past the limit', async () => {
    const { core, engagement } = await inCoaching();
    core.clock.set(new Date(dueAt.getTime() + 47 * 3600_000));

    const outcome = await promptWhenPresent(
      { engagementId: engagement.id, dueAt },
      { ...core, presence: presence(true) },
    );

    expect(outcome).toEqual({ outcome: 'skipped_away', cycle: '2026-W48' });
  });

  it.each([
    ['present', false],
    ['of unknown presence', new Error('presence API down')],
  ] as const)('prompts a client who is %s', async (_label, away) => {
    const { core, engagement } = await inCoaching();
    core.clock.set(dueAt);

    const outcome = await promptWhenPresent(
      { engagementId: engagement.id, dueAt },
      { ...core, presence: presence(away) },
    );

    expect(outcome).toMatchObject({ outcome: 'issued', cycle: '2026-W48' });
  });
});
