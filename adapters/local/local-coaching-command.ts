import type { Actor } from '../../src/use-cases/actor.js';
import type { DirectoryDeps } from '../../src/use-cases/deps.js';
import { endEngagement } from '../../src/use-cases/hr/end-engagement.js';
import { engagementStatus } from '../../src/use-cases/hr/engagement-status.js';
import { listEngagements } from '../../src/use-cases/hr/list-engagements.js';
import { pauseEngagement } from '../../src/use-cases/hr/pause-engagement.js';
import { reassignCoach } from '../../src/use-cases/hr/reassign-coach.js';
import { resumeEngagement } from '../../src/use-cases/hr/resume-engagement.js';
import { startEngagement } from '../../src/use-cases/hr/start-engagement.js';
import type { EngagementRef } from '../slack/commands/mentions.js';
import { parseCoachingCommand } from '../slack/commands/parse-coaching-command.js';
import type { Answer } from './local-actions.js';
import { LocalInputError } from './local-errors.js';

/**
 * `/coaching …` typed in the local terminal. The grammar is the Slack adapter's (it is platform-neutral text);
 * `@alex`-style mentions are first turned into the escaped mentions that grammar reads.
 */
export const coachingHelp = [
  'HR commands:',
  '  /coaching start client:@alex sponsor:@sam coach:@kim coach:@lee [weeks:12] [cadence:weekly|fortnightly]',
  '  /coaching list · /coaching status @alex · /coaching pause|resume|end @alex',
  '  /coaching reassign @alex coach:@rio',
].join('\n');

/** Replaces `@name` (a display name or user id) with `<@USERID>`; unknown names are left for the parser to refuse. */
export function escapeMentions(text: string, resolve: (name: string) => string | undefined): string {
  return text.replace(/(^|[\s:])@([\w.-]+)/g, (whole, lead: string, name: string) => {
    const userId = resolve(name);
    return userId ? `${lead}<@${userId}>` : whole;
  });
}

const refText = (ref: EngagementRef) =>
  ref.kind === 'engagement'
    ? { kind: 'id' as const, id: ref.id }
    : { kind: 'client' as const, platformUserId: ref.userId };

/** Runs one `/coaching` command for `actor`; `help` is answered with `coachingHelp` by the caller. */
export async function runCoachingCommand(
  text: string,
  actor: Actor,
  deps: DirectoryDeps,
  resolveMention: (name: string) => string | undefined,
): Promise<Answer | 'help'> {
  const command = parseCoachingCommand(escapeMentions(text, resolveMention));
  switch (command.kind) {
    case 'help':
      return 'help';
    case 'start_form':
      throw new LocalInputError(
        'The local demo has no start form.',
        'Name everyone on one line: /coaching start client:@alex sponsor:@sam coach:@kim',
      );
    case 'start':
      return startEngagement(
        {
          actor,
          clientUserId: command.clientUserId,
          sponsorUserId: command.sponsorUserId,
          coachUserIds: command.coachUserIds,
          ...(command.weeks !== undefined ? { weeks: command.weeks } : {}),
          ...(command.cadence !== undefined ? { cadence: command.cadence } : {}),
        },
        deps,
      );
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
