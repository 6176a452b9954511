import type { Action } from '../../../src/policy/permissions.js';
import { requireHrRights } from '../../../src/use-cases/actor.js';
import { endEngagement } from '../../../src/use-cases/hr/end-engagement.js';
import { engagementStatus } from '../../../src/use-cases/hr/engagement-status.js';
import { listEngagements } from '../../../src/use-cases/hr/list-engagements.js';
import { pauseEngagement } from '../../../src/use-cases/hr/pause-engagement.js';
import { reassignCoach } from '../../../src/use-cases/hr/reassign-coach.js';
import { resumeEngagement } from '../../../src/use-cases/hr/resume-engagement.js';
import { startEngagement } from '../../../src/use-cases/hr/start-engagement.js';
import { gateForTeams } from '../teams-gate.js';
import type { Reply } from '../turn/respond.js';
import type { Turn } from '../turn/turn.js';
import { hrHelp } from './help.js';
import type { TeamsCommand } from './parse-teams-command.js';
import { resolvePerson, resolveTarget } from './resolve-people.js';
import { startForm } from './start-form.js';

/** The permission each HR command needs, checked before anyone is looked up on Teams. */
const actionOf: Record<Exclude<TeamsCommand['kind'], 'help'>, Action> = {
  start_form: 'start_engagement',
  start: 'start_engagement',
  list: 'list_engagements',
  status: 'view_engagement_status',
  pause: 'pause_engagement',
  resume: 'resume_engagement',
  end: 'end_engagement',
  reassign: 'reassign_coach',
};

/**
 * Runs the one core use case an HR command stands for and returns its gated reply. People are resolved to Teams
 * user ids first (mentions, Entra ids, emails); everything else — who may do it, what it changes, what it
 * says — is the core's.
 */
export async function runHrCommand(turn: Turn, command: TeamsCommand): Promise<Reply> {
  const { actor, core } = turn;
  if (command.kind !== 'help') await requireHrRights(core, actor, actionOf[command.kind]);
  switch (command.kind) {
    case 'help':
      return gateForTeams(hrHelp(actor.platformUserId), core, false);
    case 'start_form':
      return gateForTeams(startForm(actor.platformUserId, core.settings), core, false);
    case 'start': {
      const client = await resolvePerson(turn, command.client, 'client');
      const sponsor = await resolvePerson(turn, command.sponsor, 'sponsor');
      const coaches: string[] = [];
      for (const coach of command.coaches) coaches.push(await resolvePerson(turn, coach, 'coach'));
      const { reply } = await startEngagement(
        {
          actor,
          clientUserId: client,
          sponsorUserId: sponsor,
          coachUserIds: coaches,
          ...(command.weeks !== undefined ? { weeks: command.weeks } : {}),
          ...(command.cadence !== undefined ? { cadence: command.cadence } : {}),
        },
        core,
      );
      return reply;
    }
    case 'list':
      return (await listEngagements({ actor }, core)).reply;
    case 'status':
      return (await engagementStatus({ actor, engagement: await resolveTarget(turn, command.target) }, core))
        .reply;
    case 'pause':
      return (await pauseEngagement({ actor, engagement: await resolveTarget(turn, command.target) }, core))
        .reply;
    case 'resume':
      return (await resumeEngagement({ actor, engagement: await resolveTarget(turn, command.target) }, core))
        .reply;
    case 'end':
      return (await endEngagement({ actor, engagement: await resolveTarget(turn, command.target) }, core))
        .reply;
    case 'reassign': {
      const engagement = await resolveTarget(turn, command.target);
      const coachUserId = await resolvePerson(turn, command.coach, 'coach');
      return (await reassignCoach({ actor, engagement, coachUserId }, core)).reply;
    }
  }
}
