import { z } from 'zod';
import { entryRow } from '../../confidentiality/sealed-rows.js';
import { TriadError } from '../../errors.js';
import { answerForCoachMessage, promptUpdatedReply } from '../../messages/compose/reflection-replies.js';
import { mayRead } from '../../policy/readers.js';
import { actorSchema } from '../actor.js';
import { idSchema, openPrivate, parseInput } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import { loadTriad } from '../shared/engagement-access.js';
import { addCoachAsReader, coachToShareWith } from '../shared/share-with-coach.js';
import { onClientPrompt } from './reflection-access.js';

export const shareAnswerWithCoachInput = z.object({ actor: actorSchema, promptId: idSchema });
export type ShareAnswerWithCoachInput = z.input<typeof shareAnswerWithCoachInput>;

/**
 * The client shares one answer with their coach: the coach is added to the entry's readers (that coach only:
 * a later coach is not) and it is posted in the coaching space as private text for client and coach (never the
 * sponsor). Sharing the same text with the same coach twice is a no-op; an edited answer can be shared again
 * (an edit clears sharedWithCoachAt and the readers), and so can an answer shared with a previous coach.
 */
export async function shareAnswerWithCoach(raw: ShareAnswerWithCoachInput, deps: CoreDeps) {
  const input = parseInput(shareAnswerWithCoachInput, raw);
  return onClientPrompt(deps, input, 'share_reflection_with_coach', async (unit, { prompt, engagement }) => {
    const { repos } = unit;
    const triad = await loadTriad(repos, engagement);
    const { client } = triad;
    const coach = coachToShareWith(triad.coach);
    const entry = await repos.entries.findBySubject(engagement.id, 'reflection_answer', prompt.id);
    if (!entry) {
      throw new TriadError('not_found', 'There is no answer to share yet.', 'Answer the question first.');
    }
    const reply = (text: string) => unit.reply(promptUpdatedReply(engagement.id, client.id, text));
    if (entry.sharedWithCoachAt && mayRead(coach.id, entry)) {
      return { shared: false, reply: await reply(`${coach.displayName} already has this answer.`) };
    }
    const answer = openPrivate(deps.cipher, entry, entryRow(entry));
    await addCoachAsReader(
      unit,
      deps,
      entry,
      coach,
      (readers) => answerForCoachMessage(prompt, client.displayName, answer, readers),
      `entry:${entry.id}:coach-share:v${entry.version}`,
    );
    await unit.audit({
      engagementId: engagement.id,
      actorId: client.id,
      action: 'reflection_shared_with_coach',
      details: { promptId: prompt.id, entryId: entry.id, coachId: coach.id },
    });
    return {
      shared: true,
      reply: await reply(
        `Shared with ${coach.displayName} in your coaching space. Your sponsor does not see it.`,
      ),
    };
  });
}
