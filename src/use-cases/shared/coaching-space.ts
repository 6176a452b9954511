import { opaque, words } from '../../confidentiality/words.js';
import type { Engagement, Person } from '../../engagement/records.js';
import { recordAssessmentButton } from '../../messages/compose/assessment-messages.js';
import { coachWelcome } from '../../messages/compose/coach-welcome.js';
import { header, section } from '../../messages/compose/text.js';
import type { Unit } from '../../outbox/unit.js';
import type { Repositories } from '../../ports/repositories.js';
import type { CoreDeps } from '../deps.js';

/**
 * A new coaching space row for `coachId` (null: a coach invited by e-mail who has not joined yet), with no address
 * until the platform opens it.
 */
export async function insertCoachingSpace(
  repos: Repositories,
  deps: CoreDeps,
  engagement: Engagement,
  coachId: string | null,
): Promise<void> {
  const organisation = await repos.organisations.get(engagement.organisationId);
  await repos.spaces.insert({
    id: deps.ids.newId(),
    engagementId: engagement.id,
    kind: 'coaching',
    platform: organisation?.platform ?? 'local',
    address: null,
    coachId,
    coachSelfCheck: false,
    retiredAt: null,
    createdAt: deps.clock.now(),
  });
}

/**
 * Once the coach is known: the coach–client space opens (or is reused on reassignment), the coach joins the
 * sponsor space and gets a welcome of their own (every time a coach's space opens), and both spaces are told (unless `announce` is false: a reassignment says it in its own words).
 * Keys carry the engagement version, so a coach who returns after a reassignment joins again.
 */
export async function openCoachingSpace(
  unit: Unit,
  deps: CoreDeps,
  engagement: Engagement,
  client: Person,
  coach: Person,
  options: { announce?: boolean } = {},
): Promise<void> {
  const { repos } = unit;
  const now = deps.clock.now();
  const existing = await repos.spaces.find(engagement.id, 'coaching');
  // A coaching space opened for an invited coach before they joined (nothing written to it yet) becomes theirs.
  const waiting = existing !== undefined && existing.coachId === null;
  if (waiting) await repos.spaces.assignCoach(existing.id, coach.id);
  if (!waiting && existing && existing.coachId !== coach.id)
    await retireCoachingSpace(repos, engagement.id, now);
  if (!waiting && existing?.coachId !== coach.id) {
    // A space row per coach: what is written for it is read by this client and this coach only.
    await insertCoachingSpace(repos, deps, engagement, coach.id);
  }
  const key = `engagement:${engagement.id}:v${engagement.version}:coach:${coach.id}`;
  for (const space of ['coaching', 'sponsor'] as const) {
    await unit.membership(
      { type: 'membership', change: 'add', engagementId: engagement.id, space, personId: coach.id },
      `${key}:join:${space}`,
    );
  }
  const sponsor = await repos.people.get(engagement.sponsorId);
  await unit.send(coachWelcome({ engagement, client, sponsor, coach }), `${key}:coach-welcome`);
  if (options.announce === false) return;
  const next =
    engagement.stage === 'kickoff'
      ? 'Next: the kickoff meeting, then the sponsor alignment meeting'
      : 'Next: the sponsor alignment meeting';
  await unit.send(
    {
      audience: 'private',
      destination: { kind: 'space', engagementId: engagement.id, space: 'coaching' },
      summary: words(`Coaching space for ${client.displayName} and ${coach.displayName}`),
      blocks: [
        header('Your coaching space'),
        section(
          `Welcome, ${client.displayName} and ${coach.displayName}. This space is just for the two of you (and Triad): schedule your sessions here and share what you choose from the reflections. Like the DM with Triad, what is written here stays here.`,
        ),
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              actionId: 'session.schedule',
              label: words('Schedule a session'),
              value: opaque(engagement.id),
            },
            recordAssessmentButton(engagement.id, 'Coach: record an assessment'),
          ],
        },
      ],
    },
    `${key}:coaching-welcome`,
  );
  await unit.send(
    {
      audience: 'shared',
      destination: { kind: 'space', engagementId: engagement.id, space: 'sponsor' },
      summary: words(`${coach.displayName} is ${client.displayName}'s coach`),
      blocks: [
        section(
          `${coach.displayName} is ${client.displayName}'s coach and has joined this space. ${next}, where ${client.displayName} presents the goals they choose to share.`,
        ),
      ],
    },
    `${key}:sponsor-announce`,
  );
}

/**
 * On a coach change the coaching space is not handed over: its history holds what the client shared with the
 * previous coach. The row is retired (keeping its address as history) and every message written for it that was
 * not delivered — pending or failed — is cancelled, so no retry can ever send it; `openCoachingSpace` then adds a
 * new row for the client and the new coach, which the next message opens on the platform.
 */
export async function retireCoachingSpace(
  repos: Repositories,
  engagementId: string,
  now: Date,
): Promise<void> {
  const space = await repos.spaces.find(engagementId, 'coaching');
  if (!space) return;
  for (const entry of await repos.outbox.listByEngagement(engagementId)) {
    const destination = entry.destination as { kind?: string; space?: string };
    const boundHere =
      entry.spaceId === space.id ||
      (entry.spaceId === null && destination.kind === 'space' && destination.space === 'coaching');
    if (!boundHere || (entry.status !== 'pending' && entry.status !== 'failed')) continue;
    await repos.outbox.update({
      ...entry,
      status: 'cancelled',
      lastErrorCode: 'coach_changed',
      updatedAt: now,
    });
  }
  await repos.spaces.retire(space.id, now);
}
