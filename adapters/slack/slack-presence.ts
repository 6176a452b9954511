import * as webApi from '@slack/web-api';
import type { Clock } from '../../src/ports/clock.js';
import type { Presence, PresenceFacts, PresenceQuestion } from '../../src/ports/presence.js';
import type { DndFacts, StatusFacts } from '../../src/ports/presence-records.js';
import { dndAwayAt, statusAwayAt } from '../../src/scheduling/known-presence.js';

/** Status texts and emoji people set when they are away for days, not minutes. */
const AWAY_TEXT =
  /\b(vacation|holiday|holidays|out of (the )?office|ooo|on leave|annual leave|parental leave|sick)\b/i;
const AWAY_EMOJI = new Set([
  ':palm_tree:',
  ':beach_with_umbrella:',
  ':desert_island:',
  ':airplane:',
  ':face_with_thermometer:',
]);

/**
 * Slack methods the presence check calls: dnd.info is Tier 3 (50+ a minute), dnd.teamInfo Tier 2 (20+ a minute,
 * 50 people a call), users.profile.get Tier 4 (100+ a minute).
 */
const PRESENCE_METHODS = /(^|\/)(dnd\.info|dnd\.teamInfo|users\.profile\.get)$/;

/** `dnd.teamInfo` answers for up to 50 people a call. */
export const DND_TEAM_INFO_LIMIT = 50;
/** Profile lookups in flight at once within one bulk lookup. */
const PROFILES_IN_FLIGHT = 4;

const fromSeconds = (seconds: number | undefined): Date | null =>
  seconds && seconds > 1 ? new Date(seconds * 1000) : null;

/**
 * What a profile status means for a prompt: away when its text or emoji says vacation / out of office, until it
 * expires. Only this boolean and the expiry leave the adapter; the status text is never kept or logged.
 */
export function statusFactsOf(profile: {
  status_text?: string | undefined;
  status_emoji?: string | undefined;
  status_expiration?: number | undefined;
}): StatusFacts {
  return {
    away: AWAY_TEXT.test(profile.status_text ?? '') || AWAY_EMOJI.has(profile.status_emoji ?? ''),
    expiresAt: profile.status_expiration ? new Date(profile.status_expiration * 1000) : null,
  };
}

/** Slack's Do Not Disturb as it reports it (dnd.info, dnd.teamInfo, the `dnd_updated_user` event). */
export function dndFactsOf(dnd: {
  dnd_enabled?: boolean | undefined;
  next_dnd_start_ts?: number | undefined;
  next_dnd_end_ts?: number | undefined;
}): DndFacts {
  return {
    enabled: dnd.dnd_enabled ?? false,
    startAt: fromSeconds(dnd.next_dnd_start_ts),
    endAt: fromSeconds(dnd.next_dnd_end_ts),
  };
}

/**
 * The Presence port on Slack: away while Do Not Disturb is on (a snooze, or inside the scheduled DND
 * window) or while the profile status says vacation / out of office. Only ids are sent; nothing is stored here
 * (the core stores what `lookUp` answers, and the events keep it current).
 *
 * Slack allows these lookups only tens of times a minute per workspace, far fewer than a weekly fan-out of
 * prompts asks. Once Slack answers one with 429, the check is not asked again until its Retry-After has passed:
 * `isAway` and `lookUp` fail at once meanwhile, and the core treats an unknown presence as present, so prompts go
 * out on time instead of queueing behind the lookup limit (the Web API client would hold every call for the wait).
 */
export class SlackPresence implements Presence {
  readonly lookUpLimit = DND_TEAM_INFO_LIMIT;
  private pausedUntil = 0;

  constructor(
    private readonly client: webApi.WebClient,
    private readonly clock: Clock,
  ) {
    client.on(webApi.WebClientEvent.RATE_LIMITED, (retryAfterSeconds: number, { url }: { url: string }) => {
      if (!PRESENCE_METHODS.test(url)) return;
      const until = this.clock.now().getTime() + retryAfterSeconds * 1000;
      this.pausedUntil = Math.max(this.pausedUntil, until);
    });
  }

  async isAway(platformUserId: string): Promise<boolean> {
    this.refuseWhilePaused();
    const now = this.clock.now();
    const dnd = await this.dndOfOne(platformUserId);
    if (dndAwayAt(dnd, now)) return true;
    const { profile } = await this.client.users.profile.get({ user: platformUserId });
    return statusAwayAt(statusFactsOf(profile ?? {}), now);
  }

  /**
   * Do Not Disturb of one person with `dnd.info` (Tier 3), of several with `dnd.teamInfo` (50 a call); the status
   * with `users.profile.get`, one call each (Slack has no bulk read of statuses short of listing the workspace).
   * A person whose profile could not be read is left without a status.
   */
  async lookUp(question: PresenceQuestion): Promise<PresenceFacts[]> {
    this.refuseWhilePaused();
    const facts = new Map<string, PresenceFacts>();
    const factOf = (id: string) => {
      const found = facts.get(id) ?? { platformUserId: id };
      facts.set(id, found);
      return found;
    };
    const dndIds = [...new Set(question.dnd)];
    if (dndIds.length === 1) factOf(dndIds[0] as string).dnd = await this.dndOfOne(dndIds[0] as string);
    for (let start = 0; dndIds.length > 1 && start < dndIds.length; start += DND_TEAM_INFO_LIMIT) {
      const chunk = dndIds.slice(start, start + DND_TEAM_INFO_LIMIT);
      const answer = await this.client.dnd.teamInfo({ users: chunk.join(',') });
      for (const [id, dnd] of Object.entries(answer.users ?? {})) {
        if (chunk.includes(id)) factOf(id).dnd = dndFactsOf(dnd);
      }
    }
    const statusIds = [...new Set(question.status)];
    let next = 0;
    const lane = async () => {
      while (next < statusIds.length) {
        const id = statusIds[next] as string;
        next += 1;
        if (this.clock.now().getTime() < this.pausedUntil) return;
        try {
          const { profile } = await this.client.users.profile.get({ user: id });
          if (profile) factOf(id).status = statusFactsOf(profile);
        } catch {
          // This person's status stays unknown (present); the others are still asked.
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PROFILES_IN_FLIGHT, statusIds.length) }, lane));
    return [...facts.values()];
  }

  /** `dnd.info`: a snooze the caller can see counts as a window from now to its end. */
  private async dndOfOne(platformUserId: string): Promise<DndFacts> {
    const dnd: webApi.DndInfoResponse & { snooze_enabled?: boolean; snooze_endtime?: number } =
      await this.client.dnd.info({ user: platformUserId });
    const now = this.clock.now();
    if (dnd.snooze_enabled && (dnd.snooze_endtime ?? 0) * 1000 > now.getTime()) {
      return { enabled: true, startAt: now, endAt: new Date((dnd.snooze_endtime as number) * 1000) };
    }
    return dndFactsOf(dnd);
  }

  private refuseWhilePaused(): void {
    if (this.clock.now().getTime() < this.pausedUntil) throw new PresenceRateLimited();
  }
}

/** Slack asked for a pause in presence lookups; the presence is unknown until then. */
export class PresenceRateLimited extends Error {
  readonly code = 'presence_rate_limited';
  constructor() {
    super('Slack presence lookups are rate limited; presence unknown');
    this.name = 'PresenceRateLimited';
  }
}
