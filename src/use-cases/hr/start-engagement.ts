import { z } from 'zod';
import { writeWorkingHours } from '../../engagement/organisation-settings.js';
import type { Engagement, Meeting, TriadMeetingKind } from '../../engagement/records.js';
import { TriadError } from '../../errors.js';
import { command, phrase } from '../../messages/command-hint.js';
import { clientWelcome, hrStarted, sponsorWelcome } from '../../messages/compose/engagement-started.js';
import { shortId } from '../../messages/compose/text.js';
import { inTransaction } from '../../outbox/unit.js';
import type { PlatformProfile } from '../../ports/directory.js';
import { actorSchema, requireHr, resolveActor } from '../actor.js';
import type { DirectoryDeps } from '../deps.js';
import { inviteCoachByEmail } from '../invitations/invite-coach.js';
import {
  ensureOrganisation,
  ensurePerson,
  lookupHuman,
  refuseHrAsCoach,
  refuseSingleChannelGuest,
} from '../people.js';
import { currentSettings } from '../settings/organisation-settings.js';
import { openCoachingSpace } from '../shared/coaching-space.js';

export const startEngagementInput = z
  .object({
    actor: actorSchema,
    clientUserId: z.string().min(1, 'Name the client, e.g. client:@jane.'),
    sponsorUserId: z.string().min(1, 'Name the sponsor, e.g. sponsor:@sam.'),
    coachUserIds: z.array(z.string().min(1)).max(5, 'A shortlist has at most 5 coaches.'),
    /**
     * A coach named by e-mail address (Slack): someone in the workspace with that address is named as if
     * mentioned; someone outside it is invited through Slack Connect, and is then the engagement's only coach.
     */
    coachEmails: z
      .array(z.email('That is not an e-mail address.').max(254).toLowerCase())
      .max(1, 'Invite one coach by e-mail at a time.')
      .default([]),
    weeks: z
      .number()
      .int()
      .min(4, 'weeks must be between 4 and 52.')
      .max(52, 'weeks must be between 4 and 52.')
      .optional(),
    cadence: z.enum(['weekly', 'fortnightly']).optional(),
  })
  .refine((input) => input.coachUserIds.length + input.coachEmails.length > 0, {
    message: 'Name at least one coach, e.g. coach:@kim.',
  })
  .refine((input) => input.coachUserIds.length + input.coachEmails.length <= 5, {
    message: 'A shortlist has at most 5 coaches.',
  });
export type StartEngagementInput = z.input<typeof startEngagementInput>;

/**
 * The coach HR named by e-mail, if any: a member of the workspace with that address (named as if mentioned), or
 * the address to invite.
 */
async function inviteeOf(
  input: z.output<typeof startEngagementInput>,
  deps: DirectoryDeps,
): Promise<{ profile?: PlatformProfile; email?: string }> {
  const [email] = input.coachEmails;
  if (!email) return {};
  const profile = await deps.directory.lookupByEmail?.(email);
  return profile ? { profile } : { email };
}

const meetingLengths: Record<TriadMeetingKind, number> = {
  kickoff: 60,
  alignment: 60,
  midpoint: 45,
  closing: 60,
};

/**
 * HR starts an engagement: the triad, its spaces, its four meetings and the welcome messages, in one transaction.
 * After commit the client's presence is looked up in the background (`learnPresence`), so the first weekly prompt
 * needs no call to the platform; that hand-over failing (Redis down) leaves it to the presence backfill.
 */
export async function startEngagement(raw: StartEngagementInput, deps: DirectoryDeps) {
  const started = await startInTransaction(raw, deps);
  try {
    await deps.scheduler.learnPresence(started.engagementId);
  } catch (error) {
    deps.logger.warn(
      { engagementId: started.engagementId, err: (error as Error)?.name },
      'client presence not queued; the backfill looks it up',
    );
  }
  return started;
}

async function startInTransaction(raw: StartEngagementInput, deps: DirectoryDeps) {
  const input = startEngagementInput.parse(raw);
  const resolved = await resolveActor(deps.uow.read, deps, input.actor);
  requireHr(resolved, 'start_engagement');
  const invitee = await inviteeOf(input, deps);
  if (invitee.profile) input.coachUserIds.push(invitee.profile.platformUserId);
  if (invitee.email && (input.coachUserIds.length > 0 || input.actor.platform !== 'slack')) {
    throw new TriadError(
      'validation_failed',
      input.actor.platform !== 'slack'
        ? `${invitee.email} is not someone Triad can find here, and inviting a coach by e-mail works on Slack only (Slack Connect).`
        : `${invitee.email} is not in this workspace: Triad can invite them, but then as the engagement's only coach.`,
      'Name the coach alone, or shortlist coaches who are already members.',
    );
  }
  const everyone = [input.clientUserId, input.sponsorUserId, ...input.coachUserIds];
  if (new Set(everyone).size !== everyone.length) {
    throw new TriadError(
      'same_person_twice',
      'The client, the sponsor and each coach must be different people.',
      'Check that nobody is named twice: in one engagement a person holds one role.',
    );
  }
  const clientProfile = await lookupHuman(deps.directory, input.clientUserId, 'client');
  refuseSingleChannelGuest(clientProfile, 'client');
  const sponsorProfile = await lookupHuman(deps.directory, input.sponsorUserId, 'sponsor');
  const coachProfiles: PlatformProfile[] = [];
  for (const id of input.coachUserIds) {
    const profile = await lookupHuman(deps.directory, id, 'coach');
    refuseSingleChannelGuest(profile, 'coach');
    await refuseHrAsCoach(deps, deps.uow.read, input.actor, id, profile.displayName);
    coachProfiles.push(profile);
  }
  const hrProfile = (await deps.directory.lookup(input.actor.platformUserId)) ?? {
    platformUserId: input.actor.platformUserId,
    displayName: 'HR',
    timeZone: undefined,
    isBot: false,
    deleted: false,
  };

  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const organisation = await ensureOrganisation(repos, deps, resolved.organisation);
    const hr = await ensurePerson(repos, deps, organisation.id, hrProfile);
    const client = await ensurePerson(repos, deps, organisation.id, clientProfile);
    const active = await repos.engagements.findActiveByClient(client.id);
    if (active) {
      throw new TriadError(
        'already_active',
        `${client.displayName} already has an active coaching engagement.`,
        phrase`End it first with ${command('end', shortId(active))}, or check it with ${command('status', shortId(active))}.`,
      );
    }
    const sponsor = await ensurePerson(repos, deps, organisation.id, sponsorProfile);
    const coaches = [];
    for (const profile of coachProfiles)
      coaches.push(await ensurePerson(repos, deps, organisation.id, profile));
    const now = deps.clock.now();
    // The organisation's defaults (HR's settings, else the environment's) as they are now; later changes of them
    // leave this engagement as it starts unless HR applies them to existing engagements.
    const defaults = currentSettings(organisation, deps.settings).values;
    const engagement: Engagement = {
      id: deps.ids.newId(),
      organisationId: organisation.id,
      clientId: client.id,
      sponsorId: sponsor.id,
      coachId: coaches.length === 1 && !invitee.email ? (coaches[0]?.id ?? null) : null,
      coachShortlist: coaches.map((c) => c.id),
      startedById: hr.id,
      stage: 'kickoff',
      pausedStage: null,
      weeks: input.weeks ?? defaults.weeks,
      cadence: input.cadence ?? defaults.cadence,
      promptWeekday: defaults.promptWeekday,
      promptTime: defaults.promptTime,
      timeZone: client.timeZone,
      workingHours:
        organisation.defaults.workingHours === undefined ? null : writeWorkingHours(defaults.workingHours),
      startedAt: now,
      pausedAt: null,
      closedAt: null,
      purgeAfter: null,
      purgedAt: null,
      version: 1,
      updatedAt: now,
    };
    await repos.engagements.insert(engagement);
    for (const kind of ['client_dm', 'sponsor'] as const) {
      await repos.spaces.insert({
        id: deps.ids.newId(),
        engagementId: engagement.id,
        kind,
        platform: organisation.platform,
        address: null,
        coachId: null,
        coachSelfCheck: false,
        retiredAt: null,
        createdAt: now,
      });
    }
    const meetings: Meeting[] = [];
    for (const [kind, durationMinutes] of Object.entries(meetingLengths) as [TriadMeetingKind, number][]) {
      const meeting: Meeting = {
        id: deps.ids.newId(),
        engagementId: engagement.id,
        kind,
        status: 'unscheduled',
        startsAt: null,
        durationMinutes,
        organiserId: null,
        organiserZone: null,
        videoUrl: null,
        coachId: null,
        threadAddress: null,
        heldAt: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await repos.meetings.insert(meeting);
      meetings.push(meeting);
    }
    const kickoff = meetings[0] as Meeting;
    const triad = { engagement, client, sponsor, coaches, kickoff, invitedCoach: invitee.email };
    await unit.send(clientWelcome(triad), `engagement:${engagement.id}:welcome:client`);
    await unit.send(sponsorWelcome(triad), `engagement:${engagement.id}:welcome:sponsor`);
    const [onlyCoach] = coaches;
    if (engagement.coachId && onlyCoach) await openCoachingSpace(unit, deps, engagement, client, onlyCoach);
    if (invitee.email) await inviteCoachByEmail(unit, deps, { engagement, client, hr, email: invitee.email });
    await unit.audit({
      engagementId: engagement.id,
      actorId: hr.id,
      action: 'engagement_started',
      details: {},
    });
    unit.touch(engagement.id);
    return { engagementId: engagement.id, reply: await unit.reply(hrStarted(triad, hr.id)) };
  });
}
