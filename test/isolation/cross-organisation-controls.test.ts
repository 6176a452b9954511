import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { actionIds, formIds, runAction, runForm } from '../../src/controls/controls.js';
import type { UnitOfWork } from '../../src/ports/repositories.js';
import type { Actor } from '../../src/use-cases/actor.js';
import { consent, entry, meeting, prompt, release, seedTriad, type Triad } from '../db/contract/fixtures.js';
import { createTestCore } from '../support/core-deps.js';
import { createInMemoryUnitOfWork, type InMemoryUnitOfWork } from '../support/in-memory-store/index.js';

/** Organisation A's rows a button or form could name: one of each kind, with its ids. */
async function seedOrganisation(uow: UnitOfWork) {
  const triad = await seedTriad(uow, { stage: 'coaching', closedAt: null, purgeAfter: null, purgedAt: null });
  const id = triad.engagement.id;
  const rows = {
    alignment: meeting(id, { kind: 'alignment' }),
    session: meeting(id, { kind: 'session', coachId: triad.coach.id }),
    chemistry: meeting(id, { kind: 'chemistry', coachId: triad.coach.id }),
    prompt: prompt(id),
    goal: entry(id, triad.client.id, { kind: 'goal' }),
  };
  const shared = consent(id, triad.client.id);
  const released = release(id, rows.goal.id, { consentId: shared.id });
  await uow.transaction(async (repos) => {
    for (const m of [rows.alignment, rows.session, rows.chemistry]) await repos.meetings.insert(m);
    await repos.prompts.insert(rows.prompt);
    await repos.entries.insert(rows.goal);
    await repos.consents.insert(shared);
    await repos.releases.insert(released);
  });
  return { triad, rows, release: released };
}

/** Every value a control of organisation A could carry: each id of A, alone and in the pairs controls use. */
function valuesOf(a: Awaited<ReturnType<typeof seedOrganisation>>): string[] {
  const { triad, rows } = a;
  const e = triad.engagement.id;
  const ids = [
    e,
    triad.coach.id,
    triad.client.id,
    rows.alignment.id,
    rows.session.id,
    rows.chemistry.id,
    rows.prompt.id,
    rows.goal.id,
    a.release.id,
  ];
  return [
    ...ids,
    `${e}:on`,
    `${e}:off`,
    `${e}:${triad.coach.id}`,
    `${rows.goal.id}:${e}`,
    `${a.release.id}:${e}`,
  ];
}

/** Every form context naming A's rows. */
function contextsOf(a: Awaited<ReturnType<typeof seedOrganisation>>): Record<string, string>[] {
  const { triad, rows } = a;
  const base = { engagementId: triad.engagement.id, clientId: triad.client.id, coachId: triad.coach.id };
  return [
    {
      ...base,
      promptId: rows.prompt.id,
      entryId: rows.goal.id,
      meetingId: rows.alignment.id,
      reportId: rows.goal.id,
    },
    { ...base, meetingId: rows.session.id },
    { ...base, meetingId: rows.chemistry.id },
  ];
}

const actorOf = (triad: Triad, who: 'client' | 'sponsor' | 'coach' | 'hr'): Actor => ({
  platform: triad.organisation.platform,
  tenantId: triad.organisation.platformTenantId,
  platformUserId: triad[who].platformUserId,
});

/** The committed rows that are organisation A's (what B's people must not change), audit and claims aside. */
function rowsOfA(uow: InMemoryUnitOfWork, bOrganisationId: string) {
  return uow
    .dumpRows()
    .filter(({ table }) => table !== 'audit' && table !== 'processed')
    .filter(({ row }) => row.id !== bOrganisationId && row.organisationId !== bOrganisationId)
    .map(({ table, row }) => JSON.stringify([table, row]))
    .sort();
}

describe('a button value or form context of organisation A, pressed or submitted by anyone of organisation B', () => {
  it('changes nothing of A, for every control in the table, whoever in B presses it (HR with rights included)', async () => {
    const uow = createInMemoryUnitOfWork();
    const a = await seedOrganisation(uow);
    const b = await seedOrganisation(uow);
    // HR of both organisations hold HR rights right now: each over their own organisation only.
    const core = {
      ...createTestCore({ uow }),
      hrRights: (who: { platformUserId: string }) =>
        [a.triad.hr.platformUserId, b.triad.hr.platformUserId].includes(who.platformUserId),
    };
    const before = rowsOfA(uow, b.triad.organisation.id);
    const picked = { localDateTime: '2026-12-10T10:00', timeZone: 'Europe/London' };
    const fields = { answer: 'x', notes: 'x', url: 'https://example.com/x', insight: 'x', minutes: '30' };
    let ran = 0;
    const outcomes = new Set<string>();
    for (const who of ['client', 'sponsor', 'coach', 'hr'] as const) {
      const actor = actorOf(b.triad, who);
      for (const actionId of actionIds) {
        for (const value of valuesOf(a)) {
          ran += 1;
          await runAction(actionId, { actor, value, picked }, core).then(
            () => outcomes.add(`${actionId} answered`),
            (error: Error) => outcomes.add(error.name),
          );
        }
      }
      for (const formId of formIds) {
        for (const context of contextsOf(a)) {
          ran += 1;
          await runForm(formId, { actor, context, fields, requestKey: randomUUID(), picked }, core).then(
            () => outcomes.add(`${formId} answered`),
            (error: Error) => outcomes.add(error.name),
          );
        }
      }
    }

    expect(ran).toBeGreaterThan(500);
    expect(rowsOfA(uow, b.triad.organisation.id)).toEqual(before);
    // Whatever answered (opening a form, the actor's own settings) answered about B, never with A's rows.
    expect([...outcomes].filter((o) => !o.endsWith('answered') && o !== 'TriadError')).toEqual([]);
  });

  it('the same values do act for A’s own people (the replay above was not refused for a bad value)', async () => {
    const uow = createInMemoryUnitOfWork();
    const a = await seedOrganisation(uow);
    const core = createTestCore({ uow });
    const answered = await runAction(
      'activity.sharing',
      { actor: actorOf(a.triad, 'client'), value: `${a.triad.engagement.id}:on` },
      core,
    );
    expect(answered.reply).toBeDefined();
  });
});
