import { DateTime } from 'luxon';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { raiseHorizonMark } from '../../jobs/horizon.js';
import type { RunningWorkers } from '../../jobs/workers.js';
import { startEngagement } from '../../src/use-cases/hr/start-engagement.js';
import { scheduleMeeting } from '../../src/use-cases/meetings/schedule-meeting.js';
import { answerPrompt } from '../../src/use-cases/reflections/answer-prompt.js';
import { httpMessenger, type MessageSink, startMessageSink } from '../support/recording-messenger.js';
import { queueMessages } from './support/bulk-messages.js';
import { engagementInCoaching, hrActor, inHours, meetingOf } from './support/engagement-journey.js';
import { type JobRuntime, startJobRuntime } from './support/job-runtime.js';
import { runJobNow, runPromptNow, runWorkers, settled } from './support/running-workers.js';
import { waitFor } from './support/wait-for.js';

let sink: MessageSink;
let runtime: JobRuntime;
let workers: RunningWorkers;
beforeAll(async () => {
  sink = await startMessageSink();
  runtime = await startJobRuntime({ messengers: { slack: httpMessenger(sink.url) } });
  // The horizon's mark two months ahead (as if the horizon tick had passed there): the jobs these tests skip the
  // clock to are queued at once (the horizon itself is tested in horizon.test.ts).
  await raiseHorizonMark(runtime.queues, new Date(Date.now() + 60 * 24 * 3600_000));
  workers = await runWorkers(runtime);
});
afterEach(() => runtime.deps.clock.reset());
afterAll(async () => {
  await workers.close();
  await runtime.close();
  await sink.close();
});

/** 10:00 on the next Tuesday in `zone`, a day or more ahead. */
function nextTuesdayMorning(zone: string): Date {
  let day = DateTime.now()
    .setZone(zone)
    .plus({ days: 1 })
    .set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
  while (day.weekday !== 2) day = day.plus({ days: 1 });
  return day.toJSDate();
}

const inConversation = (conversation: string) => sink.messages.filter((m) => m.conversation === conversation);
const pendingOf = async (engagementId: string) =>
  (await runtime.deps.uow.read.outbox.listByEngagement(engagementId)).map((entry) => entry.id);

describe('workers in the process', () => {
  it('deliver what a use case commits, each message once, without anyone calling them', async () => {
    runtime.deps.directory.add({ platformUserId: 'UCW1' });
    runtime.deps.directory.add({ platformUserId: 'USW1' });
    runtime.deps.directory.add({ platformUserId: 'UKW1' });
    const { engagementId } = await startEngagement(
      { actor: hrActor, clientUserId: 'UCW1', sponsorUserId: 'USW1', coachUserIds: ['UKW1'] },
      runtime.deps,
    );
    const ids = await pendingOf(engagementId);

    expect(await settled(runtime, ids)).toEqual(ids.map(() => 'sent'));
    const delivered = sink.messages.filter((m) => ids.includes(m.outboxId));
    expect(delivered.map((m) => m.outboxId).sort()).toEqual(
      ids.filter((id) => delivered.some((m) => m.outboxId === id)).sort(),
    );
    expect(new Set(delivered.map((m) => m.outboxId)).size).toBe(delivered.length);
    expect(sink.memberships.filter((m) => m.conversation.endsWith(engagementId))).toHaveLength(2);
  });

  it('send the weekly prompt when the scheduler fires, then nudge once while it stays unanswered', async () => {
    const engagement = await engagementInCoaching(runtime);
    await settled(runtime, await pendingOf(engagement.id));
    const dm = `client_dm.${engagement.id}`;
    const before = inConversation(dm).length;

    await runPromptNow(runtime, engagement.id);
    const [prompt] = await waitFor('the prompt row', async () => {
      const prompts = await runtime.deps.uow.read.prompts.listByEngagement(engagement.id);
      return prompts.length > 0 ? prompts : undefined;
    });
    await settled(runtime, await pendingOf(engagement.id));
    const nudgeId = `${engagement.id}.nudge.${prompt?.id}.once`;
    const nudge = await waitFor('the nudge job', () => runtime.queues.schedule.getJob(nudgeId));
    expect(nudge.timestamp + (nudge.delay ?? 0)).toBe(prompt?.nudgeDueAt?.getTime());
    runtime.deps.clock.advanceTo(prompt?.nudgeDueAt ?? new Date());
    await runJobNow(runtime, nudgeId);
    await waitFor(
      'the nudge',
      async () => (await runtime.deps.uow.read.prompts.get(prompt?.id ?? ''))?.nudgedAt,
    );
    await settled(runtime, await pendingOf(engagement.id));
    await runtime.queues.schedule.add('nudge-prompt', { engagementId: engagement.id, promptId: prompt?.id });
    await waitFor('the repeated nudge job to finish', async () => {
      const counts = await runtime.queues.schedule.getJobCounts('waiting', 'active');
      return (counts.waiting ?? 0) + (counts.active ?? 0) === 0;
    });

    expect(
      inConversation(dm)
        .slice(before)
        .map((m) => m.summary),
    ).toEqual(['Your reflection question for this week', 'A gentle reminder about your reflection question']);
    expect(await runtime.queues.schedule.getJob(nudgeId)).toBeUndefined();
  });

  it('do not nudge a prompt the client answered: the nudge job is withdrawn', async () => {
    const engagement = await engagementInCoaching(runtime);
    await runPromptNow(runtime, engagement.id);
    const [prompt] = await waitFor('the prompt row', async () => {
      const prompts = await runtime.deps.uow.read.prompts.listByEngagement(engagement.id);
      return prompts.length > 0 ? prompts : undefined;
    });
    const nudgeId = `${engagement.id}.nudge.${prompt?.id}.once`;
    await waitFor('the nudge job', () => runtime.queues.schedule.getJob(nudgeId));
    const client = await runtime.deps.uow.read.people.get(engagement.clientId);
    const actor = {
      platform: 'slack' as const,
      tenantId: 'T1',
      platformUserId: client?.platformUserId ?? '',
    };

    await answerPrompt(
      { actor, promptId: prompt?.id ?? '', text: 'canary-answer private words' },
      runtime.deps,
    );
    await settled(runtime, await pendingOf(engagement.id));

    expect(await runtime.queues.schedule.getJob(nudgeId)).toBeUndefined();
    expect(inConversation(`client_dm.${engagement.id}`).map((m) => m.summary)).not.toContain(
      'A gentle reminder about your reflection question',
    );
    expect(runtime.logLines.join('')).not.toContain('canary-answer');
  });

  it('hold the prompt while the client is away and send it when they are back', async () => {
    const engagement = await engagementInCoaching(runtime);
    // A weekday morning in the client's zone: the prompt then waits for a look two hours on, within working hours.
    // On a Friday afternoon that look would fall on Monday, past the 48 hours after which the week is skipped.
    runtime.deps.clock.advanceTo(nextTuesdayMorning(engagement.timeZone));
    let away = true;
    runtime.deps.presence = { slack: { isAway: async () => away } };
    try {
      await runPromptNow(runtime, engagement.id);
      const waiting = await waitFor('the prompt run to wait', async () => {
        const delayed = await runtime.queues.schedule.getDelayed();
        return delayed.find((job) => job.id?.startsWith(`away.${engagement.id}.`) && job.data.dueAt);
      });
      expect(await runtime.deps.uow.read.prompts.listByEngagement(engagement.id)).toEqual([]);

      away = false;
      await waiting.promote();
      const prompts = await waitFor('the prompt row', async () => {
        const rows = await runtime.deps.uow.read.prompts.listByEngagement(engagement.id);
        return rows.length > 0 ? rows : undefined;
      });
      expect(prompts).toHaveLength(1);
    } finally {
      runtime.deps.presence = undefined;
    }
  });

  it('keep a failed job’s stored reason to the error’s name and code', async () => {
    const job = await runtime.queues.schedule.add('reflection-prompt', {
      engagementId: '00000000-0000-4000-8000-000000000000',
      dueAt: new Date().toISOString(),
    });

    const failed = await waitFor('the job to fail', async () =>
      (await job.getState()) === 'failed' ? runtime.queues.schedule.getJob(job.id ?? '') : undefined,
    );

    expect(failed.failedReason).toBe('TriadError not_found');
  });

  it('remind the sponsor thread before a meeting, in the meeting’s own thread', async () => {
    const engagement = await engagementInCoaching(runtime);
    await settled(runtime, await pendingOf(engagement.id));
    const midpoint = await meetingOf(runtime, engagement.id, 'midpoint');
    await scheduleMeeting(
      { actor: hrActor, meetingId: midpoint.id, localDateTime: inHours(72) },
      runtime.deps,
    );
    await settled(runtime, await pendingOf(engagement.id));
    const announced = sink.messages.filter((m) => m.conversation === `sponsor.${engagement.id}`).at(-1);
    const reminderId = `${engagement.id}.meeting.${midpoint.id}.sponsor-24h`;
    const planned = await runtime.queues.schedule.getJob(reminderId);
    runtime.deps.clock.advanceTo(new Date((planned?.timestamp ?? 0) + (planned?.delay ?? 0)));

    await runJobNow(runtime, reminderId);
    const reminder = await waitFor('the reminder', () =>
      sink.messages.find((m) =>
        m.summary.startsWith('Reminder: the mid-point alignment check-in is in 24 hours'),
      ),
    );

    expect(reminder.conversation).toBe(`sponsor.${engagement.id}`);
    expect(reminder.thread).toBe(announced?.messageId);
  });

  it('deliver a committed message whose hand-over to the queue was lost, once the sweeper runs', async () => {
    const engagement = await engagementInCoaching(runtime);
    await settled(runtime, await pendingOf(engagement.id));
    const lost = await queueMessages(
      {
        ...runtime,
        deps: {
          ...runtime.deps,
          scheduler: {
            deliver: async () => {},
            syncEngagement: async () => {},
            forgetEngagement: async () => {},
            learnPresence: async () => {},
          },
        },
      },
      [engagement],
      1,
      'lost-enqueue',
      'client_dm',
    );
    expect(await runtime.queues.delivery.getJob(lost[0] ?? '')).toBeUndefined();
    runtime.deps.clock.advanceTo(new Date(Date.now() + 60_000));

    const sweep = (await runtime.queues.schedule.getDelayed()).find((job) =>
      job.id?.startsWith('repeat:triad.outbox-sweep:'),
    );
    await sweep?.promote();

    expect(await settled(runtime, lost)).toEqual(['sent']);
    expect(sink.messages.filter((m) => m.outboxId === lost[0])).toHaveLength(1);
  });
});
