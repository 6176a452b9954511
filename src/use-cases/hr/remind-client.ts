import { z } from 'zod';
import { describeStage } from '../../engagement/lifecycle.js';
import { TriadError } from '../../errors.js';
import { reflectionNudgeMessage } from '../../messages/compose/reflection-prompt.js';
import { shortId } from '../../messages/compose/text.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, requireHr, resolveActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { promptingStages } from '../reflections/reflection-access.js';
import {
  engagementRefSchema,
  findEngagementForHr,
  loadTriad,
  replyPersonId,
} from '../shared/engagement-access.js';
import { parseInput } from '../shared/parse-input.js';
import { logisticsReply } from '../shared/reply.js';

export const remindClientInput = z.object({ actor: actorSchema, engagement: engagementRefSchema });
export type RemindClientInput = z.infer<typeof remindClientInput>;

/**
 * HR asks Triad to re-send the client's pending reflection question (`/coaching remind @jane`). The client gets
 * the question again with its buttons, once per question however often HR asks. HR's answer is the same whether
 * or not a question was waiting: whether the client answered is the client's private activity.
 */
export async function remindClient(raw: RemindClientInput, deps: CoreDeps) {
  const input = parseInput(remindClientInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    requireHr(resolved, 'manage_engagement');
    const engagement = await findEngagementForHr(repos, resolved, input.engagement);
    const { client } = await loadTriad(repos, engagement);
    if (!promptingStages.includes(engagement.stage)) {
      throw new TriadError(
        'illegal_transition',
        `${client.displayName}'s engagement is ${describeStage(engagement.stage)}, so Triad is not sending reflection questions.`,
      );
    }
    const now = deps.clock.now();
    const waiting = (await repos.prompts.listByEngagement(engagement.id))
      .filter((p) => (p.status === 'sent' || p.status === 'snoozed') && p.expiresAt > now)
      .sort((a, b) => b.sentAt.getTime() - a.sentAt.getTime())[0];
    if (waiting) await unit.send(reflectionNudgeMessage(waiting, false), `prompt:${waiting.id}:hr-reminder`);
    await unit.audit({
      engagementId: engagement.id,
      actorId: resolved.person?.id ?? null,
      action: 'client_reminder_requested',
      details: {},
    });
    const reply = logisticsReply({
      audience: 'admin',
      personId: replyPersonId(resolved, input.actor.platformUserId),
      engagementId: engagement.id,
      summary: `Reminder for engagement ${shortId(engagement)}`,
      lines: [
        `If ${client.displayName} has a reflection question waiting, Triad has sent it to them again (once per question).`,
      ],
      notes: ['Triad never tells HR whether a client answered: that stays with the client.'],
    });
    return { engagementId: engagement.id, reply: await unit.reply(reply) };
  });
}
