import { webApi } from '@slack/bolt';
import type { Clock } from '../../src/ports/clock.js';
import type { Presence } from '../../src/ports/presence.js';

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

/** Slack methods the presence check calls: dnd.info is Tier 3 (50+ a minute), users.profile.get Tier 4. */
const PRESENCE_METHODS = /(^|\/)(dnd\.info|users\.profile\.get)$/;

/**
 * The Presence port on Slack: away while Do Not Disturb is on (a snooze, or inside the scheduled DND
 * window) or while the profile status says vacation / out of office. Only ids are sent; nothing is stored.
 *
 * Slack allows these lookups only tens of times a minute per workspace, far fewer than a weekly fan-out of
 * prompts asks. Once Slack answers one with 429, the check is not asked again until its Retry-After has passed:
 * `isAway` fails at once meanwhile, and the core treats an unknown presence as present, so prompts go out on
 * time instead of queueing behind the lookup limit (the Web API client would hold every call for the wait).
 */
export class SlackPresence implements Presence {
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
    if (this.clock.now().getTime() < this.pausedUntil) throw new PresenceRateLimited();
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const dnd: webApi.DndInfoResponse & { snooze_enabled?: boolean; snooze_endtime?: number } =
      await this.client.dnd.info({ user: platformUserId });
    if (dnd.snooze_enabled && (dnd.snooze_endtime ?? 0) > now) return true;
    const start = dnd.next_dnd_start_ts ?? 0;
    const end = dnd.next_dnd_end_ts ?? 0;
    if (dnd.dnd_enabled && start <= now && now < end) return true;
    const { profile } = await this.client.users.profile.get({ user: platformUserId });
    const expires = profile?.status_expiration ?? 0;
    if (expires !== 0 && expires <= now) return false;
    return AWAY_TEXT.test(profile?.status_text ?? '') || AWAY_EMOJI.has(profile?.status_emoji ?? '');
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
