import { describe, expect, it } from 'vitest';
import { runAction } from '../../../src/controls/controls.js';
import { draftGoal } from '../../../src/use-cases/goals/draft-goal.js';
import { composeHome } from '../../../src/use-cases/home/compose-home.js';
import { sendHrDigests } from '../../../src/use-cases/hr/send-hr-digests.js';
import { answerPrompt } from '../../../src/use-cases/reflections/answer-prompt.js';
import { decodeOutboxEntry, messageText } from '../../support/outbox-reader.js';
import { actors, triadIn } from '../client/triad-fixture.js';

type Triad = Awaited<ReturnType<typeof triadIn>>;

const canary = 'CANARY-digest-51c9';
/** The fixture starts on Monday 23 Nov 2026; HR (Hana) is in London. */
const day = (days: number, hourUtc: number) => new Date(Date.UTC(2026, 10, 23 + days, hourUtc));

/** The digests stored for HR people, decoded as the delivery worker reads them. */
async function digests(triad: Triad) {
  const rows = await triad.core.uow.read.outbox.listDue(new Date('2100-01-01'), 1000);
  return rows
    .map((entry) => decodeOutboxEntry(triad.core.cipher, entry))
    .filter((row) => row.key.startsWith('hr-digest:'));
}

async function withPrivateWriting(triad: Triad) {
  const promptId = await triad.issue();
  await answerPrompt(
    { actor: actors.client, promptId, text: `Answer ${canary}`, requestKey: 'r1' },
    triad.core,
  );
  await draftGoal(
    { actor: actors.client, goal: `Goal ${canary}`, successMeasure: `By ${canary}` },
    triad.core,
  );
}

const hrHome = async (triad: Triad) => {
  const { sections } = await composeHome({ actor: actors.hr }, triad.core);
  return sections.map((s) => messageText(s)).join('\n');
};

describe('HR’s weekly digest', () => {
  it('shows what needs HR on the home tab and never private text', async () => {
    // Moved straight to coaching (so the client can write) with the kickoff never scheduled.
    const triad = await triadIn('coaching');
    await withPrivateWriting(triad);
    const sponsorPost = (await triad.outbox()).find(
      (row) => row.message?.destination.kind === 'space' && row.message.destination.space === 'sponsor',
    );
    const privatePost = (await triad.outbox()).find(
      (row) => row.message?.destination.kind === 'space' && row.message.destination.space === 'client_dm',
    );
    await triad.uow.transaction(async (repos) => {
      for (const row of [sponsorPost, privatePost]) {
        if (!row) throw new Error('no post to fail');
        await repos.outbox.update({ ...row.entry, status: 'failed', lastErrorCode: 'channel_not_found' });
      }
    });
    triad.core.clock.set(day(8, 10));
    const text = await hrHome(triad);
    expect(text).toContain('What needs you this week');
    expect(text).toContain(`Casey Client (${triad.engagementId.slice(0, 8)})`);
    expect(text).toContain('kickoff meeting not scheduled 8 days after the start');
    // The client's DM failure is private activity: only the sponsor-space one is counted.
    expect(text).toContain('1 message to the sponsor space or to you could not be delivered');
    expect(text).not.toContain(canary);
  });

  it('says nothing needs HR when every engagement is on track', async () => {
    const triad = await triadIn('kickoff');
    expect(await hrHome(triad)).toContain('Nothing needs you: every engagement is on track.');
  });

  it('comes to HR’s DM once per week, on the chosen weekday, from 09:00 in their zone', async () => {
    const triad = await triadIn('coaching');
    await withPrivateWriting(triad);
    await runAction('hr.digest.weekday', { actor: actors.hr, value: '3' }, triad.core);
    const runAt = async (at: Date) => {
      triad.core.clock.set(at);
      return sendHrDigests(triad.core);
    };
    expect(await runAt(day(8, 10))).toEqual({ sent: 0, due: 0 }); // Tuesday
    expect(await runAt(day(9, 8))).toEqual({ sent: 0, due: 0 }); // Wednesday 08:00 in London
    expect(await runAt(day(9, 9))).toEqual({ sent: 1, due: 1 });
    expect(await runAt(day(9, 15))).toEqual({ sent: 0, due: 1 });
    expect(await runAt(day(10, 9))).toEqual({ sent: 0, due: 0 });
    expect(await runAt(day(16, 12))).toEqual({ sent: 1, due: 1 }); // the next Wednesday
    const sent = await digests(triad);
    expect(sent).toHaveLength(2);
    expect(sent[0]?.message?.destination).toMatchObject({ kind: 'hr' });
    expect(sent[0]?.text).toContain('kickoff meeting not scheduled 9 days after the start');
    expect(sent[0]?.text).toContain('every Wednesday');
    for (const row of sent) expect(row.text).not.toContain(canary);
    expect(triad.core.logLines.join('\n')).not.toContain(canary);
  });

  it('goes to no one who has lost HR rights', async () => {
    const triad = await triadIn('kickoff');
    triad.core.settings.hrAdmins = [];
    triad.core.clock.set(day(7, 10));
    expect(await sendHrDigests(triad.core)).toEqual({ sent: 0, due: 0 });
  });

  it.each(['client', 'sponsor', 'coach', 'stranger'] as const)(
    'refuses the %s a change of the digest day',
    async (role) => {
      const triad = await triadIn('kickoff');
      await expect(
        runAction('hr.digest.weekday', { actor: actors[role], value: '5' }, triad.core),
      ).rejects.toMatchObject({ code: 'not_authorised' });
    },
  );

  it('refuses a day Triad did not offer', async () => {
    const triad = await triadIn('kickoff');
    await expect(
      runAction('hr.digest.weekday', { actor: actors.hr, value: '8' }, triad.core),
    ).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});
