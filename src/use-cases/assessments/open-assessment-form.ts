import { z } from 'zod';
import { assessmentForm, assessmentOfferReply } from '../../messages/compose/assessment-messages.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, requireHr, resolveActor } from '../actor.js';
import { idSchema, parseInput } from '../client/client-access.js';
import type { CoreDeps } from '../deps.js';
import {
  engagementRefSchema,
  findEngagementForHr,
  loadTriad,
  lockEngagement,
  replyAudience,
  replyPersonId,
  requireOpen,
  requireRole,
} from '../shared/engagement-access.js';
import { maxAssessmentNameLength, maxReportLinkLength, maxReportTextLength } from './assessment-content.js';

export const offerAssessmentFormInput = z.object({ actor: actorSchema, engagement: engagementRefSchema });
export type OfferAssessmentFormInput = z.input<typeof offerAssessmentFormInput>;

/**
 * HR's `assessment @jane`: names the engagement by its client (someone who is no engagement's client is not
 * found) and answers with the button that opens the recording form. Nothing is stored.
 */
export async function offerAssessmentForm(raw: OfferAssessmentFormInput, deps: CoreDeps) {
  const input = parseInput(offerAssessmentFormInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    requireHr(resolved, 'record_assessment');
    const engagement = await findEngagementForHr(repos, resolved, input.engagement);
    requireOpen(engagement, { allowPaused: true });
    const { client } = await loadTriad(repos, engagement);
    const personId = replyPersonId(resolved, input.actor.platformUserId);
    return {
      engagementId: engagement.id,
      reply: await unit.reply(assessmentOfferReply('admin', personId, engagement.id, client.displayName)),
    };
  });
}

export const openAssessmentFormInput = z.object({ actor: actorSchema, engagementId: idSchema });
export type OpenAssessmentFormInput = z.input<typeof openAssessmentFormInput>;

/** The recording form, for HR of the organisation or the engagement's current coach; anyone else is refused. */
export async function openAssessmentForm(raw: OpenAssessmentFormInput, deps: CoreDeps) {
  const input = parseInput(openAssessmentFormInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    const engagement = await lockEngagement(repos, input.engagementId);
    const role = requireRole(engagement, resolved, 'record_assessment');
    requireOpen(engagement, { allowPaused: true });
    const { client } = await loadTriad(repos, engagement);
    const form = assessmentForm(
      replyAudience(role),
      replyPersonId(resolved, input.actor.platformUserId),
      engagement,
      client.displayName,
      { name: maxAssessmentNameLength, link: maxReportLinkLength, text: maxReportTextLength },
    );
    return { form: await unit.reply(form) };
  });
}
