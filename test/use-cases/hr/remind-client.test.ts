import { describe, expect, it } from 'vitest';
import { slackDialect } from '../../../adapters/slack/commands/slack-dialect.js';
import { isHrCommandWord } from '../../../src/commands/dm-words.js';
import { runCommand } from '../../../src/commands/run-command.js';
import { answerPrompt } from '../../../src/use-cases/reflections/answer-prompt.js';
import { actors, buttonsOf, textOf, triadIn } from '../client/triad-fixture.js';

type Triad = Awaited<ReturnType<typeof triadIn>>;

/** `/coaching remind …` as HR types it on Slack, through the one grammar and dispatcher. */
const remind = async (triad: Triad, target = '<@UCLIENT>', actor = actors.hr) => {
  const outcome = await runCommand(`remind ${target}`, actor, triad.core, slackDialect);
  if (!('reply' in outcome)) throw new Error('remind opened a form');
  return textOf(outcome.reply);
};

const remindersIn = async (triad: Triad) =>
  (await triad.outboxTo('client_dm')).filter((m) => m.message.summary.text.includes('reminder'));

describe('/coaching remind @client', () => {
  it('sends the client their waiting question again, with its buttons, once per question', async () => {
    const triad = await triadIn();
    const promptId = await triad.issue();
    const first = await remind(triad);
    const again = await remind(triad, triad.engagementId.slice(0, 8));
    const reminders = await remindersIn(triad);
    expect(reminders).toHaveLength(1);
    expect(textOf(reminders[0]?.message)).toContain('gentle reminder');
    expect(Object.values(buttonsOf(reminders[0]?.message ?? {}))).toContain(promptId);
    expect(first).toContain('has a reflection question waiting');
    expect(again).toBe(first);
  });

  it('tells HR the same words when nothing was waiting, so HR never learns whether the client answered', async () => {
    const waiting = await triadIn();
    await waiting.issue();
    const answered = await triadIn();
    const promptId = await answered.issue();
    await answerPrompt(
      { actor: actors.client, promptId, text: 'My private answer', requestKey: 'k1' },
      answered.core,
    );
    const withoutIds = (text: string) =>
      text.replace(/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}|\b[0-9a-f]{8}\b/g, 'id');
    expect(withoutIds(await remind(answered))).toBe(withoutIds(await remind(waiting)));
    expect(await remindersIn(answered)).toHaveLength(0);
  });

  it.each(['client', 'sponsor', 'coach', 'stranger'] as const)(
    'is HR’s alone: the %s is refused and nothing is sent',
    async (role) => {
      const triad = await triadIn();
      await triad.issue();
      await expect(remind(triad, '<@UCLIENT>', actors[role])).rejects.toMatchObject({
        code: 'not_authorised',
      });
      expect(await remindersIn(triad)).toHaveLength(0);
    },
  );

  it('refuses a paused engagement with its stage, and sends nothing', async () => {
    const triad = await triadIn();
    await triad.issue();
    await triad.setStage('paused');
    await expect(remind(triad)).rejects.toThrow(/is paused/);
    expect(await remindersIn(triad)).toHaveLength(0);
  });

  it('is a word of the grammar: DMs read it as an HR command and help lists it', async () => {
    expect(isHrCommandWord('Remind')).toBe(true);
    const triad = await triadIn();
    const help = await runCommand('help', actors.hr, triad.core, slackDialect);
    expect('reply' in help && textOf(help.reply)).toContain('`/coaching remind @jane`');
    await expect(remind(triad, '')).rejects.toThrow('Which engagement? Name its client or its id.');
  });
});
