import { DateTime } from 'luxon';
import { fail } from './args.js';
import type {
  ConversationInput,
  DndState,
  EphemeralMessage,
  FakeConversation,
  FakeUser,
  StoredMessage,
  StoredView,
  UserInput,
} from './types.js';

export interface WorkspaceIdentity {
  teamId: string;
  teamName: string;
  domain: string;
  appId: string;
  botId: string;
  botUserId: string;
  botName: string;
}

const DEFAULT_TZ = 'America/Los_Angeles';
const MAX_MPIM_USERS = 8;

/** The in-memory state of one fake Slack workspace. */
export class FakeWorkspace {
  readonly users = new Map<string, FakeUser>();
  readonly dnd = new Map<string, DndState>();
  readonly conversations = new Map<string, FakeConversation>();
  /** The bot's IM with each user, by user id (a post to a user id finds it without walking every conversation). */
  private readonly imsByUser = new Map<string, FakeConversation>();
  /** Per channel, oldest first; thread replies included. */
  readonly history = new Map<string, StoredMessage[]>();
  readonly ephemerals: EphemeralMessage[] = [];
  readonly views = new Map<string, StoredView>();
  /** user id → id of the latest published App Home view. */
  readonly homeViews = new Map<string, string>();
  private seq = 0;
  private lastMicros = 0;

  /**
   * `idSpace`: the character after each id's prefix. Slack's ids are unique across Slack (a Slack Connect channel
   * has one id in every organisation in it), so the workspaces of one fake Slack cloud each draw from their own.
   */
  constructor(
    readonly identity: WorkspaceIdentity,
    private readonly idSpace = '0',
  ) {
    this.addUser({
      id: identity.botUserId,
      name: identity.botName,
      real_name: identity.botName,
      is_bot: true,
      profile: { bot_id: identity.botId },
    });
  }

  nextId(prefix: string): string {
    this.seq += 1;
    return `${prefix}${this.idSpace}${this.seq.toString(36).toUpperCase().padStart(8, '0')}`;
  }

  /** Strictly increasing message timestamps in Slack's `seconds.micros` form. */
  nextTs(): string {
    this.lastMicros = Math.max(Date.now() * 1000, this.lastMicros + 1);
    const seconds = Math.floor(this.lastMicros / 1_000_000);
    return `${seconds}.${String(this.lastMicros % 1_000_000).padStart(6, '0')}`;
  }

  now(): number {
    return Math.floor(Date.now() / 1000);
  }

  addUser(input: UserInput): FakeUser {
    const id = input.id ?? this.nextId('U');
    const tz = input.tz ?? DEFAULT_TZ;
    const zoned = DateTime.now().setZone(tz);
    if (!zoned.isValid) throw new Error(`fake-slack: unknown time zone ${tz}`);
    const realName = input.real_name ?? input.name;
    const user: FakeUser = {
      id,
      team_id: input.team_id ?? this.identity.teamId,
      name: input.name,
      real_name: realName,
      tz,
      tz_label: zoned.offsetNameLong ?? tz,
      tz_offset: input.tz_offset ?? zoned.offset * 60,
      is_bot: input.is_bot ?? false,
      is_app_user: false,
      is_admin: false,
      is_restricted: input.guest !== undefined,
      is_ultra_restricted: input.guest === 'single_channel',
      deleted: input.deleted ?? false,
      updated: this.now(),
      profile: {
        real_name: realName,
        display_name: input.name,
        status_text: '',
        status_emoji: '',
        status_expiration: 0,
        team: input.team_id ?? this.identity.teamId,
        ...input.profile,
      },
    };
    this.users.set(id, user);
    this.dnd.set(id, {
      dnd_enabled: false,
      next_dnd_start_ts: 1,
      next_dnd_end_ts: 1,
      snooze_enabled: false,
      ...input.dnd,
    });
    return user;
  }

  userOrFail(id: string | undefined): FakeUser {
    const user = id === undefined ? undefined : this.users.get(id);
    return user ?? fail('user_not_found');
  }

  addConversation(input: ConversationInput): FakeConversation {
    const isPrivate = input.is_private ?? false;
    const members = [...new Set(input.members ?? [])];
    if ((input.includeBot ?? true) && !members.includes(this.identity.botUserId)) {
      members.unshift(this.identity.botUserId);
    }
    const conversation = this.newConversation({
      id: input.id ?? this.nextId('C'),
      name: input.name,
      is_channel: !isPrivate,
      is_group: isPrivate,
      is_private: isPrivate,
      creator: input.creator ?? this.identity.botUserId,
      members,
    });
    return conversation;
  }

  conversationByName(name: string): FakeConversation | undefined {
    const bare = name.replace(/^#/, '');
    return [...this.conversations.values()].find((c) => !c.is_im && !c.is_mpim && c.name === bare);
  }

  imWith(userId: string): FakeConversation | undefined {
    return this.imsByUser.get(userId);
  }

  /** Opens (or returns) the bot's IM with a user: `{ conversation, already }`. */
  openIm(userId: string): { conversation: FakeConversation; already: boolean } {
    const user = this.userOrFail(userId);
    if (user.deleted) fail('user_disabled');
    const existing = this.imWith(userId);
    if (existing) return { conversation: existing, already: true };
    const conversation = this.newConversation({
      id: this.nextId('D'),
      name: userId,
      is_im: true,
      is_private: true,
      user: userId,
      members: [this.identity.botUserId, userId],
    });
    return { conversation, already: false };
  }

  openMpim(userIds: string[]): { conversation: FakeConversation; already: boolean } {
    const people = [...new Set(userIds.filter((id) => id !== this.identity.botUserId))];
    if (people.length + 1 > MAX_MPIM_USERS) fail('too_many_users');
    for (const id of people) {
      if (this.userOrFail(id).deleted) fail('user_disabled');
    }
    const members = [this.identity.botUserId, ...people];
    const key = [...members].sort().join(',');
    const existing = [...this.conversations.values()].find(
      (c) => c.is_mpim && [...c.members].sort().join(',') === key,
    );
    if (existing) return { conversation: existing, already: true };
    const names = members.map((id) => this.users.get(id)?.name ?? id);
    const conversation = this.newConversation({
      id: this.nextId('G'),
      name: `mpdm-${names.join('--')}-1`,
      is_mpim: true,
      is_group: true,
      is_private: true,
      members,
    });
    return { conversation, already: false };
  }

  /**
   * A conversation the bot can address: an id, a `#name`, or a user id (which means the bot's DM with that
   * user, as chat.postMessage allows). Private conversations the bot is not in are invisible, as on Slack.
   */
  resolveChannel(ref: string | undefined): FakeConversation {
    if (ref === undefined || ref === '') return fail('channel_not_found');
    const byId = this.conversations.get(ref);
    const conversation =
      byId ??
      (this.users.has(ref) ? this.openIm(ref).conversation : undefined) ??
      this.conversationByName(ref);
    if (!conversation) return fail('channel_not_found');
    if (conversation.is_private && !this.isMember(conversation, this.identity.botUserId)) {
      return fail('channel_not_found');
    }
    return conversation;
  }

  isMember(conversation: FakeConversation, userId: string): boolean {
    return conversation.members.includes(userId);
  }

  messagesOf(channel: string): StoredMessage[] {
    let list = this.history.get(channel);
    if (!list) {
      list = [];
      this.history.set(channel, list);
    }
    return list;
  }

  findMessage(channel: string, ts: string | undefined): StoredMessage | undefined {
    if (ts === undefined) return undefined;
    return this.history.get(channel)?.find((m) => m.ts === ts);
  }

  /** Stores a message and keeps the parent's reply bookkeeping as Slack shows it. */
  addMessage(message: StoredMessage): StoredMessage {
    const list = this.messagesOf(message.channel);
    list.push(message);
    if (message.thread_ts !== undefined && message.thread_ts !== message.ts) {
      const parent = this.findMessage(message.channel, message.thread_ts);
      if (parent) {
        parent.thread_ts = parent.ts;
        parent.reply_count = (parent.reply_count ?? 0) + 1;
        parent.reply_users = [...new Set([...(parent.reply_users ?? []), message.user])];
        parent.latest_reply = message.ts;
      }
    }
    return message;
  }

  removeMessage(channel: string, ts: string): void {
    const list = this.history.get(channel);
    if (!list) return;
    const index = list.findIndex((m) => m.ts === ts);
    if (index >= 0) list.splice(index, 1);
  }

  private newConversation(
    fields: Partial<FakeConversation> & Pick<FakeConversation, 'id' | 'name' | 'members'>,
  ): FakeConversation {
    const created = this.now();
    const conversation: FakeConversation = {
      is_channel: false,
      is_group: false,
      is_im: false,
      is_mpim: false,
      is_private: false,
      is_archived: false,
      created,
      creator: this.identity.botUserId,
      topic: { value: '', creator: '', last_set: 0 },
      purpose: { value: '', creator: '', last_set: 0 },
      ...fields,
    };
    this.conversations.set(conversation.id, conversation);
    if (conversation.is_im && conversation.user && !this.imsByUser.has(conversation.user)) {
      this.imsByUser.set(conversation.user, conversation);
    }
    this.history.set(conversation.id, []);
    return conversation;
  }
}
