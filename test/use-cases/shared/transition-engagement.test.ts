import { describe, expect, it } from 'vitest';
import { TriadError } from '../../../src/errors.js';
import { pausedForClient } from '../../../src/messages/compose/hr-lifecycle.js';
import type { Actor } from '../../../src/use-cases/actor.js';
import { updateMeeting } from '../../../src/use-cases/shared/engagement-update.js';
import {
  type Located,
  type Transition,
  transitionEngagement,
} from '../../../src/use-cases/shared/transition-engagement.js';
import { readOutbox } from '../../support/outbox-reader.js';
import {
  advanceTo,
  client,
  hr,
  sponsor,
  startTriad,
  stranger,
  type TriadFixture,
} from '../hr/triad-fixture.js';

/** Everything a transition could leave behind: state, outbox rows, audit rows, scheduler calls. */
async function traces(t: TriadFixture) {
  const read = t.core.uow.read;
  return {
    engagement: await t.engagement(),
    meetings: await read.meetings.listByEngagement(t.engagementId),
    outbox: (await readOutbox(t.core, t.engagementId)).map((row) => row.key),
    audit: (await read.audit.listByEngagement(t.engagementId)).map((row) => row.action),
    delivered: [...t.core.scheduler.delivered],
    synced: [...t.core.scheduler.synced],
  };
}

type TestTransition = Transition<'admin', string, undefined, Located>;

/** A pause written on the step, recording which of its callbacks ran. */
function pauseFlow(t: TriadFixture, actor: Actor, ran: string[], overrides: Partial<TestTransition> = {}) {
  return transitionEngagement(t.core, {
    actor,
    access: { hr: 'pause_engagement', engagement: { kind: 'id', id: t.engagementId } },
    audience: 'admin',
    event: 'pause',
    prepare: async () => {
      ran.push('prepare');
      return 'prepared';
    },
    decide: ({ current, now }) => {
      ran.push('decide');
      return { change: { pausedStage: current.stage, pausedAt: now } };
    },
    messages: ({ engagement, parties }) => {
      ran.push('messages');
      return [[pausedForClient(parties), `test:${engagement.id}:v${engagement.version}:paused`]];
    },
    audit: ({ current }) => ({ action: 'engagement_paused', details: { from: current.stage } }),
    reply: ({ prepared }) => ({ summary: 'Paused', lines: [`Paused (${prepared}).`] }),
    ...overrides,
  });
}

describe('transitionEngagement', () => {
  it.each<[string, Actor]>([
    ['the client', client],
    ['the sponsor', sponsor],
    ['a stranger', stranger],
  ])('refuses %s an HR change before anything runs, and nothing is stored', async (_who, who) => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    const before = await traces(t);
    const ran: string[] = [];
    await expect(pauseFlow(t, who, ran)).rejects.toMatchObject({ code: 'not_authorised' });
    expect(ran).toEqual([]);
    expect(await traces(t)).toEqual(before);
  });

  it('refuses an action the role does not allow, after locking and before the decision; nothing is stored', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coach_matching');
    const before = await traces(t);
    const ran: string[] = [];
    const run = transitionEngagement(t.core, {
      actor: sponsor,
      access: { role: 'choose_coach', engagementId: t.engagementId },
      audience: 'shared',
      decide: () => {
        ran.push('decide');
        return { change: {} };
      },
      messages: () => [],
      audit: () => ({ action: 'coach_selected', details: {} }),
      reply: () => ({ summary: 'Chosen', lines: ['Chosen.'] }),
    });
    await expect(run).rejects.toMatchObject({
      code: 'not_authorised',
      message: 'Only the client can choose the coach.',
    });
    expect(ran).toEqual([]);
    expect(await traces(t)).toEqual(before);
  });

  it('changes the stage, sends, audits, resyncs and replies in one go', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    const before = await traces(t);
    const ran: string[] = [];
    const result = await pauseFlow(t, hr, ran);
    expect(ran).toEqual(['prepare', 'decide', 'messages']);
    expect(result.changed).toBe(true);
    expect(result.engagement).toMatchObject({ stage: 'paused', pausedStage: 'coaching' });
    expect(result.reply).toMatchObject({ audience: 'admin', summary: { text: 'Paused' } });
    const after = await traces(t);
    expect(after.engagement).toEqual(result.engagement);
    expect(after.engagement.version).toBe(before.engagement.version + 1);
    expect(after.outbox).toEqual([
      ...before.outbox,
      `test:${t.engagementId}:v${after.engagement.version}:paused`,
    ]);
    expect(after.audit.slice(before.audit.length)).toContain('engagement_paused');
    expect(after.synced.at(-1)).toBe(t.engagementId);
  });

  it('rolls everything back when a later callback refuses, after messages were stored', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    const before = await traces(t);
    const ran: string[] = [];
    const refusing = pauseFlow(t, hr, ran, {
      audit: () => {
        throw new TriadError('illegal_transition', 'Refused at the audit.');
      },
    });
    await expect(refusing).rejects.toMatchObject({ message: 'Refused at the audit.' });
    expect(ran).toEqual(['prepare', 'decide', 'messages']);
    expect(await traces(t)).toEqual(before);
  });

  it('rolls back on a stale version: the engagement, the meeting the decision wrote, outbox and audit stay', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    const before = await traces(t);
    const midpoint = await t.meeting('midpoint');
    const stale = pauseFlow(t, hr, [], {
      decide: async ({ unit, current, now }) => {
        await updateMeeting(unit.repos, midpoint, { status: 'cancelled' }, now);
        // Another writer's version lands between the read and the write.
        await unit.repos.engagements.update({ ...current, version: current.version + 1, updatedAt: now });
        return { change: { pausedStage: current.stage, pausedAt: now } };
      },
    });
    await expect(stale).rejects.toMatchObject({ code: 'conflict' });
    expect(await traces(t)).toEqual(before);
  });

  it('answers an unchanged decision without writing, sending, auditing or resyncing', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    const before = await traces(t);
    const result = await pauseFlow(t, hr, [], {
      decide: () => ({ unchanged: { summary: 'Nothing to do', lines: ['Nothing changed.'] } }),
    });
    expect(result).toMatchObject({ changed: false, engagement: before.engagement });
    expect(result.reply).toMatchObject({ audience: 'admin', summary: { text: 'Nothing to do' } });
    expect(await traces(t)).toEqual(before);
  });

  it('writes no new engagement version for a change that sets nothing and keeps the stage', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    const before = await traces(t);
    const result = await pauseFlow(t, hr, [], { event: undefined, decide: () => ({ change: {} }) });
    const after = await traces(t);
    expect(result.engagement).toEqual(before.engagement);
    expect(after.engagement).toEqual(before.engagement);
    expect(after.outbox).toHaveLength(before.outbox.length + 1);
    expect(after.audit.slice(before.audit.length)).toContain('engagement_paused');
    expect(after.synced.at(-1)).toBe(t.engagementId);
  });

  it('closes out when the event ends the engagement: open meetings cancelled, purge date set', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    let cancelled = -1;
    const result = await pauseFlow(t, hr, [], {
      event: 'end',
      decide: () => ({ change: {} }),
      audit: ({ cancelledMeetings }) => {
        cancelled = cancelledMeetings;
        return { action: 'engagement_ended', details: { cancelledMeetings } };
      },
    });
    expect(result.engagement).toMatchObject({ stage: 'closed', closedAt: t.core.clock.now() });
    expect(result.engagement.purgeAfter).toBeInstanceOf(Date);
    const open = (await traces(t)).meetings.filter(
      (m) => m.status === 'scheduled' || m.status === 'unscheduled',
    );
    expect(open).toEqual([]);
    expect(cancelled).toBe(2);
  });

  it('addresses the reply by the role when the audience depends on it', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coach_matching');
    const result = await transitionEngagement(t.core, {
      actor: client,
      access: { role: 'choose_coach', engagementId: t.engagementId },
      audience: (role) => (role === 'hr' ? 'admin' : 'private'),
      decide: () => ({ unchanged: { summary: 'Kept', lines: ['Kept.'] } }),
      messages: () => [],
      audit: () => ({ action: 'coach_selected', details: {} }),
      reply: () => ({ summary: 'Kept', lines: ['Kept.'] }),
    });
    expect(result.reply.audience).toBe('private');
  });
});
