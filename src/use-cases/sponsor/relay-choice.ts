import { z } from 'zod';
import { TriadError } from '../../errors.js';
import { relayedMessage } from '../../messages/compose/sponsor-thread.js';
import { inTransaction, type Unit } from '../../outbox/unit.js';
import { actorSchema, resolveActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import {
  loadTriad,
  lockEngagement,
  replyAudience,
  replyPersonId,
  requireOpen,
  requireRole,
} from '../shared/engagement-access.js';
import { parseInput } from '../shared/parse-input.js';
import { logisticsReply } from '../shared/reply.js';
import { loadRelayDraft, relayChoiceSchema, relayDoneKey } from './relay-draft.js';
import { relayConfirmReply } from './relay-replies.js';

export const relayChoiceInput = z.object({
  actor: actorSchema,
  /** The button's value: `<draft id>:<engagement id>`. */
  value: z.string().max(100),
});
export type RelayChoiceInput = z.infer<typeof relayChoiceInput>;

export const relayCancelInput = z.object({
  actor: actorSchema,
  draftId: z.uuid('That button is not valid any more.'),
});
export type RelayCancelInput = z.infer<typeof relayCancelInput>;

const staleButton = () =>
  new TriadError('validation_failed', 'That button is not valid any more.', 'Send your message again.');

/** The draft, its engagement (locked) and the sender's role there, checked afresh on every click. */
async function relayContext(unit: Unit, deps: CoreDeps, input: RelayChoiceInput) {
  const parsed = relayChoiceSchema.safeParse(input.value);
  if (!parsed.success) throw staleButton();
  const { repos } = unit;
  const resolved = await resolveActor(repos, deps, input.actor);
  const draft = await loadRelayDraft(repos, deps.cipher, parsed.data.draftId, resolved.person?.id);
  const engagement = await lockEngagement(repos, parsed.data.engagementId);
  const role = requireRole(engagement, resolved, 'relay_to_sponsor_thread') as 'sponsor' | 'hr';
  requireOpen(engagement, { allowPaused: true });
  const triad = await loadTriad(repos, engagement);
  const personId = replyPersonId(resolved, input.actor.platformUserId);
  const audience = replyAudience(role) as 'shared' | 'admin';
  const readers = `${triad.client.displayName}${triad.coach ? ` and ${triad.coach.displayName}` : ''}`;
  const done = await repos.processed.get(relayDoneKey(draft.draftId));
  return { draft, engagement, role, triad, personId, audience, readers, done, resolved };
}

/** The sender chose a sponsor thread: asks them to confirm, posting nothing yet. */
export async function chooseRelayThread(raw: RelayChoiceInput, deps: CoreDeps) {
  const input = parseInput(relayChoiceInput, raw);
  return inTransaction(deps, async (unit) => {
    const ctx = await relayContext(unit, deps, input);
    const where = `${ctx.triad.client.displayName}'s coaching`;
    const reply = relayConfirmReply(
      ctx.personId,
      ctx.audience,
      ctx.engagement.id,
      where,
      ctx.readers,
      input.value,
      ctx.draft.draftId,
    );
    return { engagementId: ctx.engagement.id, reply: await unit.reply(reply) };
  });
}

/** "Post to the sponsor thread": posts the waiting message there, once however often it is clicked. */
export async function confirmRelay(raw: RelayChoiceInput, deps: CoreDeps) {
  const input = parseInput(relayChoiceInput, raw);
  return inTransaction(deps, async (unit) => {
    const ctx = await relayContext(unit, deps, input);
    const { engagement, triad, draft } = ctx;
    const outcome = ctx.done?.outcome as { engagementId?: string; cancelled?: boolean } | undefined;
    if (outcome?.cancelled) {
      throw new TriadError(
        'conflict',
        'You cancelled that message; nothing was posted.',
        'Send it again to post it.',
      );
    }
    if (outcome && outcome.engagementId !== engagement.id) {
      throw new TriadError('conflict', 'That message was already posted in another sponsor thread.');
    }
    if (!outcome) {
      const author = ctx.resolved.person;
      if (!author) throw staleButton();
      await unit.send(
        relayedMessage(engagement, author, ctx.role, triad.client, draft.text),
        `engagement:${engagement.id}:relay:${draft.draftId}`,
      );
      await unit.repos.processed.insert({
        key: relayDoneKey(draft.draftId),
        outcome: { engagementId: engagement.id },
        createdAt: deps.clock.now(),
      });
      await unit.audit({
        engagementId: engagement.id,
        actorId: author.id,
        action: 'sponsor_thread_relay',
        details: { role: ctx.role },
      });
    }
    const reply = logisticsReply({
      audience: ctx.audience,
      personId: ctx.personId,
      engagementId: engagement.id,
      summary: 'Posted in the sponsor thread',
      lines: [
        `I posted your message in the sponsor thread of ${triad.client.displayName}'s coaching, where ${ctx.readers} see it too.`,
      ],
      notes: [
        'Triad has no private channel to the coach or about the coaching: everything goes to the shared thread.',
      ],
    });
    return { posted: true, engagementId: engagement.id, reply: await unit.reply(reply) };
  });
}

/** "Cancel": the waiting message is never posted. */
export async function cancelRelay(raw: RelayCancelInput, deps: CoreDeps) {
  const input = parseInput(relayCancelInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    const draft = await loadRelayDraft(repos, deps.cipher, input.draftId, resolved.person?.id);
    const done = await repos.processed.get(relayDoneKey(draft.draftId));
    const posted = done && !(done.outcome as { cancelled?: boolean }).cancelled;
    if (!done) {
      await repos.processed.insert({
        key: relayDoneKey(draft.draftId),
        outcome: { cancelled: true },
        createdAt: deps.clock.now(),
      });
    }
    const reply = logisticsReply({
      audience: resolved.isHrAdmin ? 'admin' : 'shared',
      personId: replyPersonId(resolved, input.actor.platformUserId),
      summary: posted ? 'Already posted' : 'Not posted',
      lines: [
        posted ? 'That message was already posted in the sponsor thread.' : 'Cancelled: nothing was posted.',
      ],
    });
    return { posted: Boolean(posted), reply: await unit.reply(reply) };
  });
}
