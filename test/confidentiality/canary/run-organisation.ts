import { settingKeys, settingSpecs } from '../../../src/engagement/organisation-settings.js';
import { addAdmin, removeAdmin } from '../../../src/use-cases/admins/manage-admins.js';
import { acceptCoachInvitation } from '../../../src/use-cases/invitations/accept-coach-invitation.js';
import { changeSettings } from '../../../src/use-cases/settings/change-settings.js';
import { attempt } from './attempt.js';
import type { Command } from './commands.js';
import { Leak } from './oracle.js';
import {
  actorFor,
  countCommand,
  hasHrRights,
  kim,
  removableAdmin,
  tenantA,
  tenantB,
  type World,
} from './world.js';

type OrganisationCommand = Extract<Command, { t: 'admins' | 'settings' | 'join' }>;

/**
 * What an organisation's HR admins do to the organisation itself — its admin list (`admins add/remove`) and its
 * settings (saved for new engagements, or applied to the live ones too) — by them or anyone trying, in either
 * workspace; and Kim joining the engagement she was invited to by e-mail (or someone else, or Kim in the other
 * workspace, claiming the invitation). Rights are checked against the oracle's own admin lists, which a success
 * updates; after every step the stored lists must equal them (`checkAdmins`).
 */
export async function runOrganisationCommand(world: World, command: OrganisationCommand): Promise<void> {
  switch (command.t) {
    case 'admins':
      return admins(world, command);
    case 'settings':
      return settings(world, command);
    case 'join':
      return join(world, command);
  }
}

async function admins(world: World, command: Extract<OrganisationCommand, { t: 'admins' }>) {
  const actor = actorFor(world, command.who, command.e);
  const tenant = actor.tenantId;
  const engagementOf = command.e;
  // Whom: the removable admin, Kim (a coach in A, who must never be made A's admin while she coaches there), a
  // coach of the engagement, the other organisation's HR admin, or a stranger.
  const targets = [
    removableAdmin[tenant] ?? '',
    removableAdmin[tenant] ?? '',
    kim,
    world.people.coach[engagementOf],
    world.people.foreignHr[engagementOf],
    'USTRANGER',
  ];
  const platformUserId = targets[command.pick % targets.length] ?? '';
  const input = { actor, platformUserId };
  const kind = `admins:${command.op}`;
  const done =
    command.op === 'add'
      ? await attempt(world, command.who, command.e, () => addAdmin(input, world.core), kind)
      : await attempt(world, command.who, command.e, () => removeAdmin(input, world.core), kind);
  if (done === undefined) return;
  if (!hasHrRights(world, actor))
    throw new Leak(
      `${kind} succeeded for the ${command.who} ${actor.platformUserId} in ${tenant}, not an HR admin`,
    );
  const list = world.admins[tenant] ?? new Set<string>();
  if (command.op === 'add') list.add(platformUserId);
  else {
    list.delete(platformUserId);
    world.milestones.add('HR admin removed');
  }
}

/** A few setting values: every setting's own example, and two that must be refused (nothing changes). */
const settingValues: Record<string, string>[] = [
  ...settingKeys.map((key) => ({ [settingSpecs[key].word]: settingSpecs[key].example })),
  { cadence: 'fortnightly', time: '16:45', day: '4' },
  { weeks: '6', retention: '45' },
  { cadence: 'hourly' },
  { time: '25:99', weeks: '10' },
];

async function settings(world: World, command: Extract<OrganisationCommand, { t: 'settings' }>) {
  const actor = actorFor(world, command.who, command.e);
  const values = settingValues[command.pick % settingValues.length] ?? {};
  const apply = command.apply ? ('existing' as const) : ('new' as const);
  const kind = `settings:${apply}`;
  const saved = await attempt(
    world,
    command.who,
    command.e,
    () => changeSettings({ actor, values, apply }, world.core),
    kind,
  );
  if (saved === undefined) return;
  if (!hasHrRights(world, actor))
    throw new Leak(`${kind} succeeded for the ${command.who} ${actor.platformUserId}, not an HR admin`);
  world.milestones.add('settings saved');
  if (saved.engagementsUpdated > 0) world.milestones.add('settings applied to existing');
}

/**
 * The invitation of A's first engagement (when Kim was invited by e-mail) is accepted: by Kim in A's workspace
 * (Slack's acceptance names the invite: the engagement goes on with her as its coach), by Kim's acceptance
 * replayed in B's workspace, or by a stranger joining the invited space (neither changes anything; the
 * cross-workspace check in the property test holds the replay to that).
 */
async function join(world: World, command: Extract<OrganisationCommand, { t: 'join' }>) {
  const invite = world.platform.invites.find((sent) => sent.tenant === tenantA);
  countCommand(world, `join:${command.op}`, 'ran');
  const stranger = command.op === 'stranger';
  const tenantId = command.op === 'crossTenant' ? tenantB : tenantA;
  const platformUserId = stranger ? world.people.coach[1] : kim;
  const accepted = await acceptCoachInvitation(
    {
      platform: 'slack',
      tenantId,
      platformUserId,
      ...(invite && stranger ? { address: invite.address } : {}),
      ...(invite && !stranger ? { inviteId: invite.inviteId } : {}),
    },
    world.core,
  );
  if (!accepted.accepted) return;
  countCommand(world, `join:${command.op}`, 'ok');
  if (command.op !== 'kim') throw new Leak(`an invitation was accepted by ${platformUserId} in ${tenantId}`);
  world.milestones.add('invited coach joined');
}
