import { describe, expect, it } from 'vitest';
import { localDialect } from '../../adapters/local/local-coaching-command.js';
import { slackDialect } from '../../adapters/slack/commands/slack-dialect.js';
import { CommandInputError } from '../../src/commands/command-input-error.js';
import type { CommandDialect } from '../../src/commands/dialect.js';
import { parseCommandInput } from '../../src/commands/parse-command.js';
import { runCommand, runParsed } from '../../src/commands/run-command.js';
import { replyText } from '../support/outbox-reader.js';
import { hr, sponsor, startTriad } from '../use-cases/hr/triad-fixture.js';

const handles: Record<string, string> = {
  jane: 'UCLIENT',
  sam: 'USPONSOR',
  kim: 'UCOACH1',
  lee: 'UCOACH2',
  ola: 'UCOACH3',
  stan: 'USTRANGER',
};

/** The local dialect, recording every person it is asked to resolve. */
function recordingDialect() {
  const base = localDialect((handle) => handles[handle]);
  const resolved: string[] = [];
  const dialect: CommandDialect<string> = {
    ...base,
    async resolvePerson(person, role, check) {
      resolved.push(person);
      return base.resolvePerson(person, role, check);
    },
  };
  return { dialect, resolved };
}

describe('the one dispatcher', () => {
  it('checks HR rights before resolving anyone: a refused command looks nobody up and changes nothing', async () => {
    const t = await startTriad();
    const { dialect, resolved } = recordingDialect();
    const before = await t.core.uow.read.engagements.listByOrganisation((await t.organisation()).id);

    await expect(
      runCommand('start client:@stan sponsor:@sam coach:@ola', sponsor, t.core, dialect),
    ).rejects.toMatchObject({ code: 'not_authorised', message: 'Only HR programme owners can do that.' });
    await expect(runCommand('start', sponsor, t.core, dialect)).rejects.toMatchObject({
      code: 'not_authorised',
    });

    expect(resolved).toEqual([]);
    expect(await t.core.uow.read.engagements.listByOrganisation((await t.organisation()).id)).toEqual(before);
  });

  it('runs the use case of the table entry with people resolved and the engagement as a structured reference', async () => {
    const t = await startTriad();
    const { dialect } = recordingDialect();

    const status = await runCommand('status @jane', hr, t.core, dialect);
    const paused = await runCommand(`pause ${t.engagementId.slice(0, 8)}`, hr, t.core, dialect);

    expect(status).toMatchObject({ command: 'status', engagementId: t.engagementId });
    expect(paused).toMatchObject({ command: 'pause', engagementId: t.engagementId });
    expect((await t.engagement()).stage).toBe('paused');
  });

  it('answers a form command typed alone with its form, for HR only', async () => {
    const t = await startTriad();
    expect(await runCommand('start', hr, t.core, recordingDialect().dialect)).toEqual({
      command: 'start',
      form: 'start',
    });
  });

  it('generates help from the table, in the platform’s words, for anyone', async () => {
    const t = await startTriad();
    const slackHelp = await runCommand('help', sponsor, t.core, slackDialect);
    const localHelp = await runCommand('', sponsor, t.core, recordingDialect().dialect);
    if (!('reply' in slackHelp) || !('reply' in localHelp)) throw new Error('help has no reply');

    const slackText = replyText(slackHelp.reply);
    for (const name of ['start', 'list', 'status', 'pause', 'resume', 'end', 'reassign']) {
      expect(slackText).toContain(`\`/coaching ${name}`);
    }
    expect(slackText).toContain('`/coaching status @jane` or `/coaching status 1a2b3c4d`');
    expect(replyText(localHelp.reply)).toContain('/coaching reassign @jane coach:@lee');
    expect(replyText(localHelp.reply)).not.toContain('`');
  });

  it('gives a submitted form the same checks as typed text, naming the field', () => {
    const { dialect } = recordingDialect();
    const read = (fields: Record<string, string[]>) => {
      try {
        parseCommandInput('start', fields, dialect);
      } catch (error) {
        if (error instanceof CommandInputError) return [error.field, error.readable];
        throw error;
      }
      return 'accepted';
    };
    const coaches = ['@kim', '@lee', '@ola', '@stan', '@jane', '@sam'];
    expect(read({ client: ['@jane'], sponsor: ['@sam'], coach: coaches })).toEqual([
      'coach',
      'A shortlist has at most 5 coaches; you named 6.',
    ]);
    expect(read({ client: ['@jane'], sponsor: ['@jane'], coach: ['@kim'] })).toEqual([
      undefined,
      'The client, the sponsor and each coach must be different people.',
    ]);
    expect(read({ client: ['@jane'], sponsor: ['@sam'], coach: ['@kim'], weeks: ['3'] })).toEqual([
      'weeks',
      'weeks must be between 4 and 52.',
    ]);
    expect(read({ client: ['@jane'], sponsor: ['@sam'], coach: ['@kim'], cadence: ['weekly'] })).toBe(
      'accepted',
    );
  });

  it('starts an engagement from a submitted form through the dispatcher', async () => {
    const t = await startTriad();
    await runCommand(`end ${t.engagementId}`, hr, t.core, recordingDialect().dialect);
    const { dialect } = recordingDialect();
    const parsed = parseCommandInput(
      'start',
      { client: ['@jane'], sponsor: ['@sam'], coach: ['@kim'], weeks: ['16'], cadence: ['fortnightly'] },
      dialect,
    );
    const started = await runParsed(parsed, hr, t.core, dialect);
    expect(started).toMatchObject({ command: 'start' });
    const engagement = await t.core.uow.read.engagements.get(
      (started as { engagementId: string }).engagementId,
    );
    expect(engagement).toMatchObject({ weeks: 16, cadence: 'fortnightly' });
  });
});
