import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  actionHandlers as localActions,
  formHandlers as localForms,
} from '../../adapters/local/local-actions.js';
import { actionListeners } from '../../adapters/slack/listeners/actions/index.js';
import { viewListeners } from '../../adapters/slack/listeners/views/index.js';
import { START_CALLBACK } from '../../adapters/slack/views/start-engagement.modal.js';
import { actionHandlers as teamsActions } from '../../adapters/teams/actions/card-actions.js';
import { formHandlers as teamsForms } from '../../adapters/teams/actions/form-submissions.js';
import { START_FORM_ID } from '../../adapters/teams/commands/start-form.js';
import { opaque, words } from '../../src/confidentiality/words.js';
import {
  type ActionId,
  actionIds,
  actionRouteMismatches,
  checkActionRoutes,
  checkFormRoutes,
  type FormId,
  formIds,
  formRouteMismatches,
  runAction,
  runForm,
} from '../../src/controls/controls.js';
import { isTriadError } from '../../src/errors.js';
import type { Button } from '../../src/messages/message.js';
import type { DirectoryDeps } from '../../src/use-cases/deps.js';
import { actors, triadIn } from '../use-cases/client/triad-fixture.js';

const root = join(import.meta.dirname, '../..');

/** Every string a module exports as an action or form id (`…Action`, `…Actions`, `…FormId`). */
async function exportedIds(dir: string): Promise<{ name: string; id: string }[]> {
  const found: { name: string; id: string }[] = [];
  for (const file of readdirSync(join(root, dir)).filter((f) => f.endsWith('.ts'))) {
    const module = (await import(join(root, dir, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      if (!/(Action|Actions|FormId)$/.test(name)) continue;
      const values = typeof value === 'string' ? [value] : Object.values(value as Record<string, string>);
      for (const id of values) found.push({ name: `${file}:${name}`, id });
    }
  }
  return found;
}

describe('the control table', () => {
  it('has an entry for every action and form id a composer exports', async () => {
    const exported = [
      ...(await exportedIds('src/messages/compose')),
      ...(await exportedIds('src/use-cases/home')),
      ...(await exportedIds('src/use-cases/sponsor')),
    ];
    expect(exported.length).toBeGreaterThan(25);
    const unanswered = exported.filter(
      ({ id }) =>
        !(actionIds as readonly string[]).includes(id) && !(formIds as readonly string[]).includes(id),
    );
    expect(unanswered).toEqual([]);
  });

  it('is the only thing a composer can put on a button or form (checked by the compiler)', () => {
    const button: Button = {
      type: 'button',
      // @ts-expect-error an id with no entry in the control table
      actionId: 'meeting.explode',
      label: words('Explode'),
      value: opaque(randomUUID()),
    };
    const known: Button = { ...button, actionId: 'meeting.held' };
    // @ts-expect-error nor a form id of its own
    const formId: FormId = 'hr.fire';
    expect([known.actionId, formId]).toEqual(['meeting.held', 'hr.fire']);
  });

  it.each([
    [
      'Slack',
      Object.keys(actionListeners(undefined as never)),
      Object.keys(viewListeners(undefined as never)),
      [START_CALLBACK],
    ],
    ['Teams', Object.keys(teamsActions), Object.keys(teamsForms), [START_FORM_ID]],
    ['local', Object.keys(localActions), Object.keys(localForms), []],
  ])('%s routes every id of the table exactly once and nothing else', (_platform, actions, forms, own) => {
    expect(actionRouteMismatches(actions)).toEqual([]);
    expect(formRouteMismatches(forms, own)).toEqual([]);
  });

  it('refuses to start a platform that misses an id, routes one twice, or routes one the table lacks', () => {
    const all = [...actionIds];
    expect(() => checkActionRoutes('Test', all.slice(1))).toThrow(`action “${all[0]}” is not routed`);
    expect(() => checkActionRoutes('Test', [...all, all[0] as string])).toThrow('routed twice');
    expect(() => checkActionRoutes('Test', [...all, 'meeting.explode'])).toThrow(
      'action “meeting.explode” has no entry in the control table',
    );
    expect(() => checkFormRoutes('Test', [...formIds, 'hr.start'])).toThrow('has no entry');
    expect(() => checkFormRoutes('Test', [...formIds, 'hr.start'], ['hr.start'])).not.toThrow();
  });
});

/** Deps that fail the test if a use case so much as looks at them: a refused value must not get that far. */
const untouchable = new Proxy({} as DirectoryDeps, {
  get(_target, property) {
    throw new Error(`a refused control reached the use case (deps.${String(property)})`);
  },
});

const picked = { localDateTime: '2030-01-07T10:00', timeZone: 'Europe/London' };
const u = () => randomUUID();

/** Values no Triad control carries: empty, junk, hostile, near misses of the id shapes, too long. */
const malformed = [
  '',
  'nope',
  '../../etc',
  '<!channel>',
  '{"engagementId":1}',
  `${u()}x`,
  `${u()}:${u()}:${u()}`,
  `${u()}:maybe`,
  'x'.repeat(2_000),
];

async function refusal(work: () => Promise<unknown>) {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('the control was not refused');
}

describe('a damaged control value is refused in words before any use case runs', () => {
  it.each(actionIds.map((id) => [id]))('%s', async (actionId) => {
    const shapes = malformed.filter((value) => !(actionId === 'goal.draft' && value === ''));
    for (const value of shapes) {
      const error = await refusal(() =>
        runAction(actionId, { actor: actors.client, value, picked }, untouchable),
      );
      expect(isTriadError(error) && error.code, value).toBe('validation_failed');
      expect((error as Error).message).toMatch(/^[A-Z].{10,}\.$/);
    }
  });

  it.each([
    ['reflection.answer', { promptId: 'x' }, { answer: 'hi' }],
    ['goal.draft', { engagementId: 'nope' }, { goal: 'g', successMeasure: 'm' }],
    ['goal.edit', {}, { goal: 'g', successMeasure: 'm' }],
    ['meeting.prepare.save', { meetingId: '../../etc' }, { notes: 'n' }],
    ['sponsor.expectations', { engagementId: '' }, { expectations: 'e' }],
    ['session.schedule', { engagementId: u() }, { minutes: 'sixty' }],
    ['session.notes.save', { meetingId: 'x' }, { notes: 'n' }],
  ] satisfies [FormId, Record<string, string>, Record<string, string>][])(
    'form %s',
    async (formId, context, fields) => {
      const error = await refusal(() =>
        runForm(formId, { actor: actors.client, context, fields, requestKey: u(), picked }, untouchable),
      );
      expect(isTriadError(error) && error.code).toBe('validation_failed');
      expect((error as Error).message).toMatch(/^[A-Z].{10,}\.$/);
    },
  );

  it('a picker pressed without a time is refused the same way', async () => {
    const error = await refusal(() =>
      runAction('meeting.schedule', { actor: actors.client, value: u() }, untouchable),
    );
    expect((error as Error).message).toBe('Pick a date and time first.');
  });

  it('an id Triad never put on a control is refused', async () => {
    const action = await refusal(() =>
      runAction('meeting.explode', { actor: actors.client, value: u() }, untouchable),
    );
    expect((action as Error).message).toBe('That button is not one Triad knows.');
    const form = await refusal(() =>
      runForm('hr.fire', { actor: actors.client, context: {}, fields: {}, requestKey: u() }, untouchable),
    );
    expect((form as Error).message).toBe('That form is not one Triad knows.');
  });
});

describe('a replayed control (real ids, pressed by someone they were never shown to) changes nothing', () => {
  it('refuses each button and form in words and leaves every row as it was', async () => {
    const triad = await triadIn('coaching');
    const deps = triad.core as unknown as DirectoryDeps;
    const kickoff = await triad.scheduleMeeting('kickoff', new Date('2030-01-06T10:00:00Z'));
    const session = await triad.scheduleMeeting('closing', new Date('2030-01-08T10:00:00Z'));
    const promptId = await triad.issue();
    const engagementId = triad.engagementId;
    /** Real ids where the table has a shape for them; a control added later is pressed with a stray id. */
    const values: Partial<Record<ActionId, string>> = {
      'meeting.schedule': kickoff.id,
      'meeting.reschedule': kickoff.id,
      'meeting.cancel': kickoff.id,
      'meeting.held': kickoff.id,
      'meeting.prepare': kickoff.id,
      'session.schedule': engagementId,
      'session.move': session.id,
      'session.cancel': session.id,
      'session.held': session.id,
      'session.notes': session.id,
      'session.notes.list': engagementId,
      'session.self_check': `${engagementId}:on`,
      'sponsor.expectations': engagementId,
      'coach.select': `${engagementId}:${u()}`,
      'reflection.answer': promptId,
      'reflection.snooze': promptId,
      'reflection.skip': promptId,
      'reflection.share_with_coach': promptId,
      'goal.draft': engagementId,
      'goal.edit': u(),
      'release.preview': u(),
      'release.confirm': u(),
      'release.cancel': u(),
      'release.withdraw': u(),
      'relay.choose': `${u()}:${engagementId}`,
      'relay.confirm': `${u()}:${engagementId}`,
      'relay.cancel': u(),
      'delivery.retry': engagementId,
      'activity.sharing': `${engagementId}:on`,
      'assessment.record': engagementId,
    };
    const contexts: Partial<Record<FormId, Record<string, string>>> = {
      'reflection.answer': { promptId },
      'goal.draft': { engagementId },
      'goal.edit': { entryId: u() },
      'meeting.prepare.save': { meetingId: kickoff.id },
      'sponsor.expectations': { engagementId },
      'session.schedule': { engagementId },
      'assessment.record': { engagementId, clientId: (await triad.engagement()).clientId },
      'session.notes.save': { meetingId: session.id },
    };
    const before = JSON.stringify(triad.uow.dumpRows());
    for (const actionId of actionIds) {
      const error = await refusal(() =>
        runAction(actionId, { actor: actors.stranger, value: values[actionId] ?? u(), picked }, deps),
      );
      expect(isTriadError(error), actionId).toBe(true);
      expect((error as Error).message.length, actionId).toBeGreaterThan(10);
    }
    for (const formId of formIds) {
      const fields = {
        answer: 'a',
        goal: 'g',
        successMeasure: 'm',
        notes: 'n',
        expectations: 'e',
        minutes: '60',
        name: 'n',
        provider: 'p',
        administeredOn: '2026-11-20',
        report: 'r',
        insight: 'i',
      };
      const error = await refusal(() =>
        runForm(
          formId,
          { actor: actors.stranger, context: contexts[formId] ?? {}, fields, requestKey: u(), picked },
          deps,
        ),
      );
      expect(isTriadError(error), formId).toBe(true);
    }
    expect(JSON.stringify(triad.uow.dumpRows())).toBe(before);
  });
});
