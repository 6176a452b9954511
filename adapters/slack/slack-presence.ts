import type { webApi } from '@slack/bolt';
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

/**
 * The Presence port on Slack: away while Do Not Disturb is on (a snooze, or inside the scheduled DND
 * window) or while the profile status says vacation / out of office. Only ids are sent; nothing is stored.
 */
export class SlackPresence implements Presence {
  constructor(
    private readonly client: webApi.WebClient,
    private readonly clock: Clock,
  ) {}

  async isAway(platformUserId: string): Promise<boolean> {
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
