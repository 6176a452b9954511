import { readdirSync, readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Isolation by construction: every method of every repository port is listed here with how it is scoped, and
 * this test fails when a port gains a method nobody classified. The classes:
 * - `organisation`: takes the organisation id (read from the resolved actor, never from input) and filters on it.
 * - `tenant`: finds the organisation itself from the platform's tenant, which the platform vouches for (Slack's
 *   signed team id, the conversation tenant of a Bot Framework-signed Teams activity), or the operator's list.
 * - `resolved`: takes the id of one row (an engagement, or a row of an engagement). Ids come from buttons, forms
 *   and commands, so they may name another organisation's row: every use case then runs `authorize` (or
 *   `authorizeChemistryCall`, or the coach-profile check), which finds no role unless the asker is a person of the
 *   engagement's own organisation (person ids are per organisation) or holds HR rights over that very
 *   organisation (`hrOf === engagement.organisationId`). `cross-organisation-controls.test.ts` replays every
 *   control of one organisation as every role of another and sees nothing change.
 * - `worker`: a scan across organisations for a job or the delivery worker, which acts for nobody: each row it
 *   finds is acted on with its own engagement's people only.
 * - `write`: stores a record that carries its own organisation or engagement id, loaded or made by one of the above.
 */
type Scope = 'organisation' | 'tenant' | 'resolved' | 'worker' | 'write';

const scopes: Record<string, Scope> = {
  'organisations.get': 'resolved',
  'organisations.findByTenant': 'tenant',
  'organisations.insert': 'write',
  'organisations.insertOrGet': 'write',
  'organisations.update': 'write',
  'people.get': 'resolved',
  'people.getMany': 'resolved',
  'people.findByPlatformUser': 'organisation',
  'people.upsert': 'write',
  'people.setDirectAddress': 'write',
  'people.setPlatformUserId': 'write',
  'engagements.get': 'resolved',
  'engagements.getForUpdate': 'resolved',
  'engagements.findActiveByClient': 'resolved',
  'engagements.listByOrganisation': 'organisation',
  'engagements.listForPerson': 'resolved',
  'engagements.listActive': 'worker',
  'engagements.listActiveIds': 'worker',
  'engagements.loadForPlanning': 'worker',
  'engagements.loadForPrompting': 'worker',
  'engagements.listPurgeDue': 'worker',
  'engagements.insert': 'write',
  'engagements.update': 'write',
  'spaces.find': 'resolved',
  'spaces.get': 'resolved',
  'spaces.listByEngagement': 'resolved',
  // The conversation a signed Slack request names (a Slack Connect channel): which organisation's space it is.
  'spaces.findByAddress': 'tenant',
  // The group chat a Teams activity names by id: whose space it is, when the activity names another tenant.
  'spaces.findByAddressFields': 'tenant',
  'spaces.insert': 'write',
  'spaces.setAddress': 'write',
  'spaces.setCoachSelfCheck': 'write',
  'spaces.retire': 'write',
  'spaceMembers.get': 'resolved',
  'spaceMembers.findByAddressKey': 'tenant',
  'spaceMembers.save': 'write',
  'spaceMembers.deleteByEngagement': 'worker',
  'meetings.get': 'resolved',
  'meetings.listByEngagement': 'resolved',
  'meetings.listScheduledAfter': 'worker',
  'meetings.insert': 'write',
  'meetings.update': 'write',
  'prompts.get': 'resolved',
  'prompts.findByCycle': 'resolved',
  'prompts.listByEngagement': 'resolved',
  'prompts.listOpen': 'worker',
  'prompts.insert': 'write',
  'prompts.update': 'write',
  'prompts.deleteByEngagement': 'worker',
  'entries.get': 'resolved',
  'entries.findBySubject': 'resolved',
  'entries.listByEngagement': 'resolved',
  'entries.listByAuthor': 'resolved',
  'entries.insert': 'write',
  'entries.update': 'write',
  'entries.deleteByEngagement': 'worker',
  'consents.get': 'resolved',
  'consents.listByEngagement': 'resolved',
  'consents.insert': 'write',
  'consents.update': 'write',
  'consents.deleteByEngagement': 'worker',
  'releases.get': 'resolved',
  'releases.listByEngagement': 'resolved',
  'releases.insert': 'write',
  'releases.update': 'write',
  'releases.deleteByEngagement': 'worker',
  'outbox.get': 'worker',
  'outbox.insert': 'write',
  'outbox.update': 'write',
  'outbox.startAttempt': 'worker',
  'outbox.cancelUntried': 'worker',
  'outbox.releaseHeld': 'worker',
  'outbox.markSent': 'worker',
  'outbox.listDue': 'worker',
  'outbox.hasEarlierUntried': 'worker',
  'outbox.listByEngagement': 'resolved',
  'outbox.listFailed': 'worker',
  'outbox.deleteByEngagement': 'worker',
  'audit.insert': 'write',
  'audit.listByEngagement': 'resolved',
  'audit.deleteByEngagement': 'worker',
  'processed.get': 'worker',
  'processed.insert': 'write',
  'processed.deleteRecordedBefore': 'worker',
  'processed.deleteMentioning': 'worker',
  'coachProfiles.find': 'organisation',
  'coachProfiles.listFor': 'organisation',
  'coachProfiles.insert': 'write',
  'coachProfiles.update': 'write',
  'tenantAccess.find': 'tenant',
  'tenantAccess.save': 'write',
  'tenantAccess.list': 'tenant',
  'engagements.listPromptSlots': 'worker',
  'engagements.listPromptDue': 'worker',
  'engagements.listPromptDueBounds': 'worker',
  'engagements.listEnteringHorizon': 'worker',
  'spaces.findLive': 'worker',
  'spaces.assignCoach': 'write',
  'prompts.insertMany': 'write',
  'prompts.expire': 'worker',
  'outbox.insertMany': 'write',
  'outbox.claimDue': 'worker',
  'outbox.recordOutcomes': 'worker',
  'outbox.confirmClaims': 'worker',
  'outbox.heldClaims': 'worker',
  'audit.insertMany': 'write',
  'organisationAdmins.list': 'organisation',
  'organisationAdmins.listForUpdate': 'organisation',
  'organisationAdmins.isAdmin': 'organisation',
  'organisationAdmins.insert': 'write',
  'organisationAdmins.remove': 'organisation',
  'coachInvitations.get': 'resolved',
  'coachInvitations.findByEngagement': 'resolved',
  'coachInvitations.listPending': 'organisation',
  'coachInvitations.insert': 'write',
  'coachInvitations.update': 'write',
  'coachInvitations.deleteByEngagement': 'worker',
  'heldDeliveries.release': 'organisation',
  // The prompt tick's page of due clients, across organisations: each key carries its engagement's organisation
  // id (read with the due row, never from input) and matches only that organisation's row.
  'presenceRecords.listFor': 'worker',
  // The presence backfill's scan: each row asked about with its own organisation's tenant and stored under it.
  'presenceRecords.listClientsUnknown': 'worker',
  // What the platform said of a person, stored under the organisation its signed event or lookup was for.
  'presenceRecords.save': 'write',
  'presenceRecords.deleteFor': 'organisation',
};

/** Every port file: a repository declared in a new file is found (and must be classified) without editing this list. */
const portsFolder = new URL('../../src/ports/', import.meta.url);
const portFiles = readdirSync(portsFolder)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => new URL(file, portsFolder));

/** Every `interface … { method(params) }` of the port files: interface → method → parameter names. */
function declaredMethods(): Map<string, Map<string, string[]>> {
  const found = new Map<string, Map<string, string[]>>();
  for (const url of portFiles) {
    const source = ts.createSourceFile(url.pathname, readFileSync(url, 'utf8'), ts.ScriptTarget.Latest, true);
    source.forEachChild((node) => {
      if (!ts.isInterfaceDeclaration(node)) return;
      const methods = new Map<string, string[]>();
      for (const member of node.members) {
        if (ts.isMethodSignature(member)) {
          methods.set(
            member.name.getText(source),
            member.parameters.map((p) => p.name.getText(source)),
          );
        } else if (ts.isPropertySignature(member) && member.type) {
          methods.set(member.name.getText(source), [`: ${member.type.getText(source)}`]);
        }
      }
      found.set(node.name.text, methods);
    });
  }
  return found;
}

/** `repo.method` → parameter names, for every repository the unit of work hands out. */
function repositoryMethods(): Map<string, string[]> {
  const interfaces = declaredMethods();
  const repositories = interfaces.get('Repositories');
  if (!repositories) throw new Error('no Repositories interface');
  const methods = new Map<string, string[]>();
  for (const [key, [typeText]] of repositories) {
    const port = interfaces.get(String(typeText).slice(2));
    if (!port) throw new Error(`no interface for repositories.${key}`);
    for (const [method, params] of port) methods.set(`${key}.${method}`, params);
  }
  return methods;
}

describe('isolation by construction: every repository method is scoped', () => {
  const methods = repositoryMethods();

  it('has a scope for every method of every repository port, and none for a method that is gone', () => {
    expect([...methods.keys()].filter((m) => !(m in scopes))).toEqual([]);
    expect(Object.keys(scopes).filter((m) => !methods.has(m))).toEqual([]);
  });

  it('takes the organisation id first wherever the scope is the organisation', () => {
    const wrong = Object.entries(scopes)
      .filter(([, scope]) => scope === 'organisation')
      .filter(([method]) => methods.get(method)?.[0] !== 'organisationId');
    expect(wrong).toEqual([]);
  });

  it('never lets a person-facing lookup scan across organisations: scans are the workers’ alone', () => {
    // A `worker` method takes no id an asker could give (or only an outbox id or request key Triad made itself).
    const workerParams = Object.entries(scopes)
      .filter(([, scope]) => scope === 'worker')
      .flatMap(([method]) => (methods.get(method) ?? []).map((p) => `${method}(${p})`));
    const askerIds = workerParams.filter((p) =>
      /\((organisationId|personId|clientId|platformUserId)\)/.test(p),
    );
    expect(askerIds).toEqual([]);
  });
});
