import type { Command } from './commands.js';
import { Leak } from './oracle.js';
import { actorFor, otherTenant, ownOf, tenantA, tenantOf, type World } from './world.js';

/**
 * Nothing crosses between the two organisations: a step acted by a person in one workspace — on its own
 * engagements, or replaying ids and button values of the other organisation's — leaves every row of the other
 * organisation as it was. Its rows are those that name it or one of its engagements (people, engagements,
 * spaces, meetings, prompts, entries, consents, releases, outbox, audit, admins, invitations, the organisation).
 */

/**
 * The organisation a command's acting person must leave untouched, for the commands that could reach it: a
 * person acting on the other organisation's engagement (its ids replayed in their own workspace), HR's
 * organisation-wide commands (admins, settings, starting an engagement), Kim's acceptance replayed in B. (A step
 * within one organisation is not fingerprinted: the scans see what it shows, and this keeps the run time.)
 */
export function untouchedBy(world: World, command: Command): string | undefined {
  switch (command.t) {
    case 'admins':
    case 'settings':
    case 'start':
      return otherTenant(actorFor(world, command.who, command.e).tenantId);
    case 'join':
      return command.op === 'crossTenant' ? tenantA : undefined;
    case 'retry':
      return command.op === 'hr' ? crossedInto(world, command) : undefined;
    default:
      return 'who' in command && 'other' in command ? crossedInto(world, command) : undefined;
  }
}

/** The target engagement's organisation, when a person of the other one acts on it. */
function crossedInto(world: World, command: Command): string | undefined {
  if (!('who' in command && 'other' in command)) return undefined;
  const actor = actorOf(world, command);
  const target = tenantOf(command.e);
  // Holding a meeting or a session has the engagement's own people schedule it before `who` acts.
  const hold = 'op' in command && command.op === 'hold';
  return actor.tenantId === target || hold ? undefined : target;
}

const actorOf = (world: World, command: Extract<Command, { who: unknown; other: unknown; e: unknown }>) =>
  actorFor(world, command.who, ownOf(command.e, command.other));

/**
 * Every stored row of the organisation of `tenant`, as text (a ciphertext by its length: serialising its bytes
 * would cost most of the run, and a write that changes them changes the row's version or state too).
 */
export function organisationRows(world: World, tenant: string): string {
  const organisationId = world.organisationIds[tenant];
  const rows = world.uow.dumpRows();
  const engagementIds = new Set(
    rows
      .filter(({ table, row }) => table === 'engagements' && row.organisationId === organisationId)
      .map(({ row }) => row.id),
  );
  const lines: string[] = [];
  for (const { table, row } of rows) {
    const details = row.details as { organisationId?: unknown } | null | undefined;
    const ours =
      (table === 'organisations' && row.id === organisationId) ||
      row.organisationId === organisationId ||
      engagementIds.has(row.engagementId) ||
      details?.organisationId === organisationId;
    if (!ours) continue;
    const flat: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) flat[key] = Buffer.isBuffer(value) ? value.length : value;
    lines.push(`${table}: ${JSON.stringify(flat)}`);
  }
  return lines.sort().join('\n');
}

/** Runs `step` and fails when it changed a row of the organisation its acting person is not in. */
export async function leavingUntouched(
  world: World,
  command: Command,
  step: () => Promise<void>,
): Promise<void> {
  const tenant = untouchedBy(world, command);
  if (!tenant) return step();
  const before = organisationRows(world, tenant);
  await step();
  const after = organisationRows(world, tenant);
  if (before !== after) {
    const was = new Set(before.split('\n'));
    const changed = after.split('\n').filter((line) => !was.has(line));
    throw new Leak(
      `a ${command.t} step acted from ${otherTenant(tenant)} changed organisation ${tenant}: ${changed.join(' | ').slice(0, 600)}`,
    );
  }
  if (crossedInto(world, command)) world.milestones.add('replayed in the other organisation');
}
