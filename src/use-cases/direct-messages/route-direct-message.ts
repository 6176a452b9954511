import { z } from 'zod';
import { isHrCommandWord } from '../../commands/dm-words.js';
import type { Gated } from '../../confidentiality/outbound-gate.js';
import { profileFormOpener } from '../../messages/compose/coach-profile.js';
import type { Form, OutboundMessage } from '../../messages/message.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema } from '../actor.js';
import { exportMyData } from '../client/export-my-data.js';
import { openCoachProfileForm } from '../coach-profiles/open-coach-profile-form.js';
import type { CoreDeps } from '../deps.js';
import { listMyGoals } from '../goals/list-my-goals.js';
import { openGoalForm } from '../goals/open-goal-form.js';
import { answerFromPlainMessage } from '../reflections/answer-from-plain-message.js';
import { listCoachNotes } from '../sessions/list-coach-notes.js';
import { replyPersonId } from '../shared/engagement-access.js';
import { parseInput } from '../shared/parse-input.js';
import { relayToSponsorThread } from '../sponsor/relay-to-sponsor-thread.js';
import { type DirectMessageMeaning, directMessageMeaning } from './direct-message-meaning.js';
import { directMessageHelp, goalFormOpener, nothingToAnswerReply } from './direct-message-replies.js';
import { directMessageRoles } from './direct-message-roles.js';

export const routeDirectMessageInput = z.object({
  actor: actorSchema,
  /** What the person typed, as plain text: the adapter has removed the platform's markup. */
  text: z.string().max(50_000, 'That message is longer than 50,000 characters.'),
  /** The platform's id of the message, so a redelivered one answers or offers the same thing once. */
  requestKey: z.string().min(1).max(200),
});
export type RouteDirectMessageInput = z.input<typeof routeDirectMessageInput>;

/**
 * What the core needs besides its usual dependencies: how to run an HR command from the typed text. The
 * platform supplies it, because how people are named in a command (mentions) is the platform's dialect.
 */
export interface RouteDirectMessageDeps<H> extends CoreDeps {
  runHrCommand(text: string): Promise<H>;
  /**
   * Whether the text reads as a complete HR command in the platform's grammar (people named as the platform
   * names them). Such a message is an HR command whoever sends it — refused without HR rights — as the same
   * command typed after `/coaching` would be. Without it, only HR's messages are read as commands.
   */
  readsAsHrCommand?(text: string): boolean;
}

type Reply = Gated<OutboundMessage>;

/** What a direct message meant and what it led to; each adapter only renders it. */
export type DirectMessageOutcome<H> =
  | { meaning: 'help'; reply: Reply }
  | { meaning: 'hr_command'; result: H }
  | { meaning: 'goals'; reply: Reply }
  /** The goal form, and a reply with the button that opens it (for a platform that opens forms from a click). */
  | { meaning: 'goal_form'; form: Gated<Form>; opener: Reply }
  /** `reply.file` is the export; `exported` names it for a platform that links to a download instead. */
  | { meaning: 'export'; reply: Reply; exported: { personId: string; engagementId: string } }
  /** A coach's own profile form, and a reply with the button that opens it (as for the goal form). */
  | { meaning: 'profile_form'; form: Gated<Form>; opener: Reply }
  /** The sender's own private session notes (a coach's; anyone else is told how notes are kept). */
  | { meaning: 'notes'; reply: Reply }
  | { meaning: 'answer'; reply: Reply }
  | { meaning: 'relay_request'; reply: Reply }
  | { meaning: 'unknown'; reply: Reply };

/** Gates a reply composed here (logistics only) as any use case's reply is gated. */
const gated = <T extends OutboundMessage>(deps: CoreDeps, message: T) =>
  inTransaction(deps, (unit) => unit.reply(message));

/**
 * A message someone typed in their DM with Triad, on any platform: decides what it means from the sender's roles
 * right now (`directMessageMeaning`) and runs that one use case. A client's text becomes their reflection answer
 * (told once that typed messages stay in the chat's history); a sponsor's waits for them to choose a sponsor
 * thread and confirm — never posted directly; an HR admin's is an HR command. Logs carry the meaning and roles,
 * never the text.
 */
export async function routeDirectMessage<H>(
  raw: RouteDirectMessageInput,
  deps: RouteDirectMessageDeps<H>,
): Promise<DirectMessageOutcome<H>> {
  const input = parseInput(routeDirectMessageInput, raw);
  const { actor, requestKey } = input;
  const text = input.text.trim();
  const { resolved, roles } = await directMessageRoles(deps.uow.read, deps, actor);
  const meaning: DirectMessageMeaning = directMessageMeaning(text, roles, {
    wholeCommand: deps.readsAsHrCommand?.(text) ?? false,
  });
  deps.logger.info({ event: 'dm.routed', meaning, roles }, 'direct message routed');
  const personId = replyPersonId(resolved, actor.platformUserId);
  switch (meaning) {
    case 'help':
      return { meaning, reply: await gated(deps, directMessageHelp(personId, roles)) };
    case 'hr_command':
      return { meaning, result: await deps.runHrCommand(text) };
    case 'goals':
      return { meaning, reply: (await listMyGoals({ actor, surface: 'client_dm' }, deps)).reply };
    case 'goal_form': {
      const { form } = await openGoalForm({ actor }, deps);
      const engagementId = form.destination.engagementId ?? '';
      return { meaning, form, opener: await gated(deps, goalFormOpener(personId, engagementId)) };
    }
    case 'export': {
      const {
        reply,
        personId: clientId,
        engagementId,
      } = await exportMyData({ actor, surface: 'client_dm' }, deps);
      return { meaning, reply, exported: { personId: clientId, engagementId } };
    }
    case 'profile_form': {
      const { form, coachId } = await openCoachProfileForm({ actor }, deps);
      return { meaning, form, opener: await gated(deps, profileFormOpener(personId, coachId)) };
    }
    case 'notes':
      return { meaning, reply: (await listCoachNotes({ actor }, deps)).reply };
    case 'answer':
      return { meaning, reply: (await answerFromPlainMessage({ actor, text, requestKey }, deps)).reply };
    case 'relay_request':
      return {
        meaning,
        reply: (await relayToSponsorThread({ actor, text, requestId: requestKey }, deps)).reply,
      };
    case 'unknown':
      return {
        meaning,
        reply: await gated(
          deps,
          nothingToAnswerReply(personId, roles, isHrCommandWord(text.split(/\s+/)[0])),
        ),
      };
  }
}
