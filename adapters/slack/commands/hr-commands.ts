import type { Actor } from '../../../src/use-cases/actor.js';
import type { DirectoryDeps } from '../../../src/use-cases/deps.js';
import { endEngagement } from '../../../src/use-cases/hr/end-engagement.js';
import { engagementStatus } from '../../../src/use-cases/hr/engagement-status.js';
import { listEngagements } from '../../../src/use-cases/hr/list-engagements.js';
import { pauseEngagement } from '../../../src/use-cases/hr/pause-engagement.js';
import { reassignCoach } from '../../../src/use-cases/hr/reassign-coach.js';
import { resumeEngagement } from '../../../src/use-cases/hr/resume-engagement.js';
import { startEngagement } from '../../../src/use-cases/hr/start-engagement.js';
import type { EngagementRef } from './mentions.js';
import type { CoachingCommand, StartCommand } from './parse-coaching-command.js';

/** How the core reads an engagement reference: its id (or 8-character prefix), or the client's user id. */
export const refText = (ref: EngagementRef) =>
  ref.kind === 'engagement'
    ? { kind: 'id' as const, id: ref.id }
    : { kind: 'client' as const, platformUserId: ref.userId };

export type HrCommand = Exclude<CoachingCommand, { kind: 'help' | 'start_form' }>;

export function startInput(command: StartCommand, actor: Actor) {
  return {
    actor,
    clientUserId: command.clientUserId,
    sponsorUserId: command.sponsorUserId,
    coachUserIds: command.coachUserIds,
    ...(command.weeks !== undefined ? { weeks: command.weeks } : {}),
    ...(command.cadence !== undefined ? { cadence: command.cadence } : {}),
  };
}

/** Runs the one core use case an HR sub-command stands for and returns its gated reply. */
export async function runHrCommand(command: HrCommand, actor: Actor, deps: DirectoryDeps) {
  switch (command.kind) {
    case 'start':
      return startEngagement(startInput(command, actor), deps);
    case 'list':
      return listEngagements({ actor }, deps);
    case 'status':
      return engagementStatus({ actor, engagement: refText(command.target) }, deps);
    case 'pause':
      return pauseEngagement({ actor, engagement: refText(command.target) }, deps);
    case 'resume':
      return resumeEngagement({ actor, engagement: refText(command.target) }, deps);
    case 'end':
      return endEngagement({ actor, engagement: refText(command.target) }, deps);
    case 'reassign':
      return reassignCoach(
        { actor, engagement: refText(command.target), coachUserId: command.coachUserId },
        deps,
      );
  }
}
