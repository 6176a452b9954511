import { describe, expect, it } from 'vitest';
import { slackDialect } from '../../../adapters/slack/commands/slack-dialect.js';
import { runCommand } from '../../../src/commands/run-command.js';
import { reportColumns } from '../../../src/messages/compose/hr-report.js';
import { draftGoal } from '../../../src/use-cases/goals/draft-goal.js';
import { answerPrompt } from '../../../src/use-cases/reflections/answer-prompt.js';
import { partText } from '../../support/outbox-reader.js';
import { parseCsv } from '../../support/parse-csv.js';
import { actors, hour, triadIn, week } from '../client/triad-fixture.js';

const canary = 'CANARY-report-7f3a';

/** `/coaching report` as HR types it on Slack, through the one grammar and dispatcher. */
async function report(triad: Awaited<ReturnType<typeof triadIn>>, actor = actors.hr) {
  const outcome = await runCommand('report', actor, triad.core, slackDialect);
  if (!('reply' in outcome)) throw new Error('report opened a form');
  return outcome.reply;
}

describe('/coaching report', () => {
  it('sends HR a CSV of lifecycle metadata only, which parses and holds no private text', async () => {
    const triad = await triadIn('coaching');
    const started = (await triad.engagement()).startedAt;
    const kickoff = await triad.scheduleMeeting('kickoff', new Date(started.getTime() + 2 * 24 * hour));
    await triad.uow.transaction((repos) =>
      repos.meetings.update({
        ...kickoff,
        status: 'held',
        heldAt: kickoff.startsAt,
        version: kickoff.version + 1,
      }),
    );
    const promptId = await triad.issue();
    await answerPrompt(
      { actor: actors.client, promptId, text: `My answer ${canary}`, requestKey: 'r1' },
      triad.core,
    );
    await draftGoal(
      { actor: actors.client, goal: `Goal ${canary}`, successMeasure: `Measure ${canary}` },
      triad.core,
    );
    triad.core.clock.set(new Date(started.getTime() + 3 * week));

    const reply = await report(triad);
    expect(reply.file?.mimeType).toBe('text/csv');
    expect(reply.file?.name).toMatch(/^triad-engagements-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = (reply.file?.content ?? []).map(partText).join('');
    expect(JSON.stringify(reply)).not.toContain(canary);
    const [header, ...rows] = parseCsv(csv);
    expect(header).toEqual([...reportColumns]);
    expect(rows).toEqual([
      [
        triad.engagementId.slice(0, 8),
        'Casey Client',
        'Sam Sponsor',
        'Kim Coach',
        'coaching',
        started.toISOString().slice(0, 10),
        '12',
        '9',
        kickoff.startsAt?.toISOString().slice(0, 10),
        '',
        '',
        '',
      ],
    ]);
  });

  it('writes a name that looks like a formula as text', async () => {
    const triad = await triadIn('coaching');
    await triad.uow.transaction(async (repos) => {
      const client = (await repos.people.getMany([(await triad.engagement()).clientId]))[0];
      if (!client) throw new Error('no client');
      await repos.people.upsert({ ...client, displayName: '=HYPERLINK("http://x","a, b")' });
    });
    const csv = ((await report(triad)).file?.content ?? []).map(partText).join('');
    expect(parseCsv(csv)[1]?.[1]).toBe(`'=HYPERLINK("http://x","a, b")`);
  });

  it.each(['client', 'sponsor', 'coach', 'stranger'] as const)('refuses the %s', async (role) => {
    const triad = await triadIn('coaching');
    await expect(report(triad, actors[role])).rejects.toMatchObject({ code: 'not_authorised' });
  });
});
