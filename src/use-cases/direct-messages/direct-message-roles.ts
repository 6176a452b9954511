import { isLive } from '../../engagement/lifecycle.js';
import type { Repositories } from '../../ports/repositories.js';
import { type Actor, type ResolvedActor, resolveActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';

/** What the sender of a direct message is right now: their parts in live engagements, and HR rights. */
export interface DirectMessageRoles {
  client: boolean;
  sponsor: boolean;
  coach: boolean;
  hr: boolean;
}

/** The sender's roles, read afresh for every message (HR rights end the moment they are withdrawn). */
export async function directMessageRoles(
  repos: Repositories,
  deps: CoreDeps,
  actor: Actor,
): Promise<{ resolved: ResolvedActor; roles: DirectMessageRoles }> {
  const resolved = await resolveActor(repos, deps, actor);
  const personId = resolved.person?.id;
  const live = personId
    ? (await repos.engagements.listForPerson(personId)).filter((e) => isLive(e.stage))
    : [];
  return {
    resolved,
    roles: {
      client: live.some((e) => e.clientId === personId),
      sponsor: live.some((e) => e.sponsorId === personId),
      coach: live.some((e) => e.coachId === personId),
      hr: resolved.isHrAdmin,
    },
  };
}
