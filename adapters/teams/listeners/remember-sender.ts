import { rememberSender as rememberPerson } from '../../../src/use-cases/people/remember-sender.js';
import type { Turn } from '../turn/turn.js';

/**
 * Hands the core what Teams tells Triad about the sender with each activity: their time zone (Teams reports
 * only the sender's), and — from an activity in their 1:1 chat — that chat's address with the service URL Teams
 * gave, so proactive messages reach them there.
 */
export async function rememberSender(turn: Turn): Promise<void> {
  await rememberPerson(
    {
      ...turn.actor,
      ...(turn.context.activity.from?.aadObjectId
        ? { directoryId: turn.context.activity.from.aadObjectId }
        : {}),
      ...(turn.timeZone ? { timeZone: turn.timeZone } : {}),
      ...(turn.personal ? { directAddress: turn.address } : {}),
    },
    turn.core,
  );
}
