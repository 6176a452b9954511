import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/use-cases/actor.js';
import {
  type DirectMessageOutcome,
  routeDirectMessage,
} from '../../../src/use-cases/direct-messages/route-direct-message.js';
import { actorOf, actors, buttonsOf, textOf, triadIn } from '../client/triad-fixture.js';

/**
 * The one DM rule, on the in-memory store: Casey is the client, Sam the sponsor, Kim the coach, Hana HR and Sid
 * a stranger (known to Triad, in no engagement). In the "HR and sponsor" world Sam also has HR rights.
 */
type Who = 'client' | 'sponsor' | 'hr' | 'hrSponsor' | 'coach' | 'stranger';

const hrRan = (text: string) => ({ ran: text });
type HrResult = ReturnType<typeof hrRan>;

async function world(who: Who) {
  const triad = await triadIn(
    'coaching',
    who === 'hrSponsor' ? { settings: { hrAdmins: ['UHR', 'USPONSOR'] } } : {},
  );
  const actor: Actor = who === 'hrSponsor' ? actors.sponsor : actors[who];
  const hrCommands: string[] = [];
  let requests = 0;
  const dm = (text: string): Promise<DirectMessageOutcome<HrResult>> => {
    requests += 1;
    return routeDirectMessage(
      { actor, text, requestKey: `test:${requests}` },
      {
        ...triad.core,
        runHrCommand: async (typed) => {
          hrCommands.push(typed);
          return hrRan(typed);
        },
      },
    );
  };
  return { triad, dm, hrCommands };
}

const refused = 'refused';
const words = [
  'help',
  '',
  'list',
  'status 1a2b3c4d',
  'goals',
  'Goal',
  'export',
  'Thanks, see you on Monday.',
];
const expected: Record<Who, string[]> = {
  client: ['help', 'help', 'answer', 'answer', 'goals', 'goal_form', 'export', 'answer'],
  sponsor: ['help', 'help', 'relay_request', 'relay_request', refused, refused, refused, 'relay_request'],
  hr: ['help', 'help', 'hr_command', 'hr_command', refused, refused, refused, 'hr_command'],
  hrSponsor: ['help', 'help', 'hr_command', 'hr_command', refused, refused, refused, 'relay_request'],
  coach: ['help', 'help', 'unknown', 'unknown', refused, refused, refused, 'unknown'],
  stranger: ['help', 'help', 'unknown', 'unknown', refused, refused, refused, 'unknown'],
};
const table = (Object.keys(expected) as Who[]).flatMap((who) =>
  words.map((text, i) => [who, text, expected[who][i] as string] as const),
);

describe('routeDirectMessage: one meaning for every role and word', () => {
  it.each(table)('%s types “%s” → %s', async (who, text, meaning) => {
    const { triad, dm, hrCommands } = await world(who);
    if (meaning === refused) {
      // The client's words are the client's everywhere: anyone else is told so, readably, and nothing changes.
      const rows = await triad.core.uow.read.outbox.listByEngagement(triad.engagementId);
      await expect(dm(text)).rejects.toMatchObject({
        code: expect.stringMatching(/^(not_found|not_authorised)$/),
        message: expect.stringMatching(/^(You have no|You are not|Only the client)/),
      });
      expect(await triad.core.uow.read.outbox.listByEngagement(triad.engagementId)).toEqual(rows);
      expect(hrCommands).toEqual([]);
      return;
    }
    const outcome = await dm(text);
    expect(outcome.meaning).toBe(meaning);
    expect(hrCommands).toEqual(meaning === 'hr_command' ? [text.trim()] : []);
  });
});

describe('routeDirectMessage: what each meaning does', () => {
  it('composes help for the sender’s roles, in words that name no platform command', async () => {
    const helpOf = async (who: Who) => {
      const outcome = await (await world(who)).dm('help');
      if (outcome.meaning !== 'help') throw new Error('not help');
      expect(outcome.reply.destination).toMatchObject({ kind: 'reply', audience: 'private' });
      return textOf(outcome.reply);
    };
    const client = await helpOf('client');
    expect(client).toContain('goals — your private goals');
    expect(client).toContain('also stays in this chat’s history');
    expect(client).not.toContain('HR commands');
    const sponsor = await helpOf('sponsor');
    expect(sponsor).toContain('you choose which one and confirm first');
    expect(sponsor).not.toContain('goals —');
    const both = await helpOf('hrSponsor');
    expect(both).toContain('you choose which one and confirm first');
    expect(both).toContain('list — the engagements of your organisation');
    expect(await helpOf('coach')).toContain('Coaches talk with their clients in the coaching space');
    expect(await helpOf('stranger')).toContain('You have no active coaching engagement in Triad.');
    for (const text of [client, sponsor, both]) expect(text).not.toContain('/coaching');
  });

  it('a client’s typed text is their answer, and they are told once that it stays in the chat’s history', async () => {
    const { triad, dm } = await world('client');
    await triad.issue();
    const first = await dm('I listened more than I spoke this week.');
    const second = await dm('And I asked for help twice.');
    expect(first.meaning).toBe('answer');
    expect(textOf('reply' in first ? first.reply : undefined)).toContain(
      'workspace administrators can export',
    );
    expect(textOf('reply' in second ? second.reply : undefined)).not.toContain('workspace administrators');
    expect(triad.core.logLines.join('\n')).not.toContain('listened more');
  });

  it('a sponsor’s text is offered for a sponsor thread to choose and confirm, and nothing is posted yet', async () => {
    const { triad, dm } = await world('sponsor');
    const before = await triad.outboxTo('sponsor');
    const outcome = await dm('Looking forward to the kickoff on Monday.');
    expect(outcome.meaning).toBe('relay_request');
    expect(Object.keys(buttonsOf('reply' in outcome ? outcome.reply : {}))).toContain('relay.choose');
    expect(await triad.outboxTo('sponsor')).toEqual(before);
    expect(JSON.stringify(triad.uow.dumpRows())).toContain('relay-draft:');
  });

  it('an HR admin’s DM is never relayed to a sponsor thread, even when it is not an HR command', async () => {
    const { triad, dm, hrCommands } = await world('hr');
    const outcome = await dm('Please post this in the sponsor thread.');
    expect(outcome).toEqual({
      meaning: 'hr_command',
      result: { ran: 'Please post this in the sponsor thread.' },
    });
    expect(hrCommands).toHaveLength(1);
    expect(JSON.stringify(triad.uow.dumpRows())).not.toContain('relay-draft:');
    expect(triad.core.logLines.join('\n')).not.toContain('Please post this');
  });

  it('goal gives the goal form and a reply whose button opens it; export gives the file and what it is', async () => {
    const { triad, dm } = await world('client');
    const goal = await dm('goal');
    if (goal.meaning !== 'goal_form') throw new Error(goal.meaning);
    expect(goal.form.formId).toBe('goal.draft');
    expect(buttonsOf(goal.opener)).toEqual({ 'goal.draft': triad.engagementId });
    const exported = await dm('export');
    if (exported.meaning !== 'export') throw new Error(exported.meaning);
    expect(exported.reply.file?.name).toMatch(/\.json$/);
    expect(exported.exported.engagementId).toBe(triad.engagementId);
  });

  it('someone Triad has nothing to ask is told so, with the way to help', async () => {
    const { dm } = await world('stranger');
    const outcome = await dm('hello?');
    expect(outcome.meaning).toBe('unknown');
    const text = textOf('reply' in outcome ? outcome.reply : undefined);
    expect(text).toContain('Triad has nothing for you to answer here.');
    expect(text).toContain('Type help');
    expect(text).not.toContain('Only HR programme owners');
    const command = await dm('start client:@sid');
    expect(textOf('reply' in command ? command.reply : undefined)).toContain(
      'Only HR programme owners can run HR commands.',
    );
  });

  it('someone Triad does not know at all has nothing to answer either', async () => {
    const { triad } = await world('client');
    const outcome = await routeDirectMessage(
      { actor: { ...actorOf('UNEW'), tenantId: 'T-other' }, text: 'hi', requestKey: 'k1' },
      { ...triad.core, runHrCommand: async () => hrRan('') },
    );
    expect(outcome.meaning).toBe('unknown');
  });
});
