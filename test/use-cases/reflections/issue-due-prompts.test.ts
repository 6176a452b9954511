import { describe, expect, it } from 'vitest';
import type { EngagementStage } from '../../../src/engagement/records.js';
import { issueDuePrompts } from '../../../src/use-cases/reflections/issue-due-prompts.js';
import { issueReflectionPrompt } from '../../../src/use-cases/reflections/issue-reflection-prompt.js';
import { snoozePrompt } from '../../../src/use-cases/reflections/snooze-prompt.js';
import { actors, firstPromptDue, type TriadFixture, triadIn, week } from '../client/triad-fixture.js';

/** What a prompt run leaves in the store, with ids replaced by their order of appearance. */
async function leftBehind(triad: TriadFixture) {
  const read = triad.core.uow.read;
  const { clientId } = await triad.engagement();
  const ids = new Map<string, string>([[triad.engagementId, 'E']]);
  const name = (id: string) => {
    if (!ids.has(id)) ids.set(id, `#${ids.size}`);
    return ids.get(id) as string;
  };
  const prompts = (await read.prompts.listByEngagement(triad.engagementId)).map((p) => ({
    ...p,
    id: name(p.id),
    engagementId: '',
  }));
  const messages = (await triad.outboxTo('client_dm'))
    .filter((m) => m.message.summary.text.includes('reflection'))
    .map((m) => [...ids].reduce((json, [id, alias]) => json.replaceAll(id, alias), m.json));
  const audit = (await read.audit.listByEngagement(triad.engagementId))
    .filter((a) => a.action === 'reflection_prompt_issued' || a.action === 'closing_started')
    .map((a) => ({ action: a.action, outcome: a.outcome, details: JSON.stringify(a.details) }))
    .map((a) => ({ ...a, details: [...ids].reduce((d, [id, alias]) => d.replaceAll(id, alias), a.details) }));
  const entries = (await read.outbox.listByEngagement(triad.engagementId)).filter((e) =>
    e.idempotencyKey.includes(':prompt:'),
  );
  return {
    stage: (await triad.engagement()).stage,
    prompts,
    messages,
    audit,
    entries: entries.map((e) => ({
      key: e.idempotencyKey.replace(triad.engagementId, ''),
      readers: e.readers.map((id) => (id === clientId ? 'client' : id)),
    })),
  };
}

/** Twelve weekly runs on two identical engagements: one prompt at a time, and as a batch of one. */
async function walk(cadence: 'weekly' | 'fortnightly', stage: EngagementStage = 'coaching') {
  const [single, batched] = [await triadIn(stage, { cadence }), await triadIn(stage, { cadence })];
  for (const triad of [single, batched]) {
    // The closing meeting in week 9: the prompt of that week moves the stage (the batch leaves it to one by one).
    await triad.scheduleMeeting('closing', new Date(firstPromptDue.getTime() + 9 * week + 3600_000));
  }
  const outcomes: string[] = [];
  for (let n = 0; n < 12; n += 1) {
    const dueAt = new Date(firstPromptDue.getTime() + n * week);
    for (const triad of [single, batched]) triad.core.clock.set(new Date(dueAt.getTime() + 5_000));
    const one = await issueReflectionPrompt({ engagementId: single.engagementId, dueAt }, single.core);
    const batch = await issueDuePrompts([{ engagementId: batched.engagementId, dueAt }], batched.core);
    for (const left of batch.single) await issueReflectionPrompt(left, batched.core);
    outcomes.push(`${one.outcome}/${batch.issued.length}i${batch.single.length}s${batch.skipped}k`);
    // Week 2's prompt is snoozed in both, so the next prompt expires it and clears its snooze.
    if (n === 2 && one.outcome === 'issued') {
      for (const triad of [single, batched]) {
        const [open] = await triad.core.uow.read.prompts
          .listByEngagement(triad.engagementId)
          .then((p) => p.slice(-1));
        await snoozePrompt({ actor: actors.client, promptId: open?.id ?? '' }, triad.core);
      }
    }
  }
  // A re-run of the last week issues nothing twice.
  const last = new Date(firstPromptDue.getTime() + 11 * week);
  const again = await issueDuePrompts([{ engagementId: batched.engagementId, dueAt: last }], batched.core);
  expect(again.issued).toEqual([]);
  return { single: await leftBehind(single), batched: await leftBehind(batched), outcomes };
}

describe('issueDuePrompts: the minute’s prompts as one batch', () => {
  it.each(['weekly', 'fortnightly'] as const)(
    'leaves exactly what one-by-one issuing leaves over twelve %s weeks (questions, categories, expiry, snooze, nudges, the closing week)',
    async (cadence) => {
      const { single, batched, outcomes } = await walk(cadence);
      expect(batched).toEqual(single);
      expect(single.stage).toBe('closing');
      expect(single.prompts.length).toBe(cadence === 'weekly' ? 12 : 6);
      expect(single.prompts.some((p) => p.status === 'expired')).toBe(true);
      expect(outcomes.some((o) => o.includes('1s'))).toBe(true); // the closing week went one by one
      expect(outcomes.some((o) => o.includes('1i'))).toBe(true);
    },
  );

  it.each<EngagementStage>(['alignment', 'paused', 'closed'])(
    'issues nothing in the %s stage',
    async (stage) => {
      const triad = await triadIn(stage);
      const batch = await issueDuePrompts(
        [{ engagementId: triad.engagementId, dueAt: firstPromptDue }],
        triad.core,
      );
      expect(batch).toEqual({ issued: [], single: [], skipped: 1 });
      expect(await triad.core.uow.read.prompts.listByEngagement(triad.engagementId)).toEqual([]);
    },
  );
});
