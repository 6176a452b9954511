import type * as webApi from '@slack/web-api';
import type { Directory, PlatformProfile } from '../../src/ports/directory.js';
import { platformErrorOf } from './delivery-errors.js';

/** Slackbot is a user without `is_bot` set; it is never a person in an engagement. */
const SLACKBOT = 'USLACKBOT';

/**
 * The Directory port on `users.info`: name, time zone (for date pickers and prompts), bot and deactivated flags,
 * guest kind (`is_restricted` / `is_ultra_restricted`) and home team (another one for a Slack Connect user).
 */
export class SlackDirectory implements Directory {
  constructor(private readonly client: webApi.WebClient) {}

  async lookup(platformUserId: string): Promise<PlatformProfile | undefined> {
    let user: webApi.UsersInfoResponse['user'];
    try {
      user = (await this.client.users.info({ user: platformUserId })).user;
    } catch (error) {
      const code = platformErrorOf(error);
      if (code === 'user_not_found' || code === 'user_not_visible') return undefined;
      throw error;
    }
    return user?.id ? profileOf({ ...user, id: user.id }) : undefined;
  }

  /** The workspace member with this address (`users.lookupByEmail`); undefined when nobody in it has it. */
  async lookupByEmail(email: string): Promise<PlatformProfile | undefined> {
    try {
      const { user } = await this.client.users.lookupByEmail({ email });
      return user?.id ? profileOf({ ...user, id: user.id }) : undefined;
    } catch (error) {
      if (platformErrorOf(error) === 'users_not_found') return undefined;
      throw error;
    }
  }
}

type SlackUser =
  | NonNullable<webApi.UsersInfoResponse['user']>
  | NonNullable<webApi.UsersLookupByEmailResponse['user']>;

function profileOf(user: SlackUser & { id: string }): PlatformProfile {
  const profile = user.profile ?? {};
  const displayName =
    profile.display_name?.trim() ||
    profile.real_name?.trim() ||
    user.real_name?.trim() ||
    user.name ||
    user.id;
  return {
    platformUserId: user.id,
    displayName,
    timeZone: user.tz || undefined,
    isBot: user.is_bot === true || user.is_app_user === true || user.id === SLACKBOT,
    deleted: user.deleted === true,
    guest: user.is_ultra_restricted ? 'single_channel' : user.is_restricted ? 'multi_channel' : undefined,
    homeTeamId: user.team_id || undefined,
    email: profile.email?.trim().toLowerCase() || undefined,
  };
}
