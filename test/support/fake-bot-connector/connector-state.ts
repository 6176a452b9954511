import { randomUUID } from 'node:crypto';
import type { ChannelAccount, ConversationParameters } from 'botbuilder';
import type { FakeConversation, FakeConversationType, FakeTeam, FakeTeamsUser } from './types.js';

export const DEFAULT_TENANT_ID = '8f0e9d4c-7b3a-4c2e-9a1f-5d6e7f8a9b0c';

export interface SeedConversation {
  id?: string;
  conversationType: FakeConversationType;
  memberIds: string[];
  teamId?: string;
  channelId?: string;
  topicName?: string;
}

export interface SeedTeam {
  id?: string;
  name: string;
  memberIds: string[];
  channels?: Array<{ id?: string; name: string }>;
}

/** Users, teams and conversations as the Teams service would hold them, with Teams-shaped ids. */
export class ConnectorState {
  readonly users = new Map<string, FakeTeamsUser>();
  readonly teams = new Map<string, FakeTeam>();
  readonly conversations = new Map<string, FakeConversation>();
  private sequence = 0;

  constructor(readonly tenantId: string) {}

  /** Activity ids in Teams are millisecond-like numbers; these only need to be unique and ordered. */
  nextActivityId(): string {
    this.sequence += 1;
    return String(1_700_000_000_000 + this.sequence);
  }

  addUser(user: Partial<FakeTeamsUser> & { name: string }): FakeTeamsUser {
    const aadObjectId = user.aadObjectId ?? randomUUID();
    const complete: FakeTeamsUser = {
      ...user,
      id: user.id ?? `29:${aadObjectId}`,
      name: user.name,
      aadObjectId,
      tenantId: user.tenantId ?? this.tenantId,
      userRole: user.userRole ?? 'user',
    };
    this.users.set(complete.id, complete);
    return complete;
  }

  /** Finds a member by `29:` id or AAD object id, adding an unknown one as Teams would resolve it. */
  resolveMember(account: ChannelAccount): FakeTeamsUser {
    const byId = this.users.get(account.id);
    if (byId) return byId;
    for (const user of this.users.values()) {
      if (account.aadObjectId && user.aadObjectId === account.aadObjectId) return user;
      if (user.aadObjectId && user.aadObjectId === account.id) return user;
    }
    return this.addUser({
      id: account.id,
      name: account.name || account.id,
      aadObjectId: account.aadObjectId,
    });
  }

  addTeam(seed: SeedTeam): FakeTeam {
    const id = seed.id ?? `19:${randomUUID().replaceAll('-', '')}@thread.tacv2`;
    const channels = (seed.channels ?? [{ name: 'General' }]).map((channel, index) => ({
      id: channel.id ?? (index === 0 ? id : `19:${randomUUID().replaceAll('-', '')}@thread.tacv2`),
      name: channel.name,
    }));
    const team: FakeTeam = {
      id,
      name: seed.name,
      aadGroupId: randomUUID(),
      tenantId: this.tenantId,
      memberIds: [...seed.memberIds],
      channels,
    };
    this.teams.set(id, team);
    for (const channel of channels) {
      this.addConversation({
        id: channel.id,
        conversationType: 'channel',
        memberIds: team.memberIds,
        teamId: id,
      });
    }
    return team;
  }

  addConversation(seed: SeedConversation, origin: FakeConversation['origin'] = 'seeded'): FakeConversation {
    const id = seed.id ?? this.newConversationId(seed.conversationType);
    const conversation: FakeConversation = {
      id,
      conversationType: seed.conversationType,
      tenantId: this.tenantId,
      memberIds: [...seed.memberIds],
      teamId: seed.teamId,
      channelId: seed.channelId ?? (seed.conversationType === 'channel' ? id.split(';')[0] : undefined),
      topicName: seed.topicName,
      origin,
      messages: new Map(),
    };
    this.conversations.set(id, conversation);
    return conversation;
  }

  /**
   * What Teams does for `createConversation`: a 1:1 chat with one user (the same id every time),
   * or a new thread in a channel when `channelData.channel.id` names one. Group chats cannot be created.
   */
  createFromParameters(
    parameters: ConversationParameters,
    firstActivityId: string | undefined,
  ): FakeConversation {
    const channelId: string | undefined = parameters.channelData?.channel?.id;
    if (channelId) {
      const channel = this.conversations.get(channelId);
      if (channel?.conversationType !== 'channel') throw new ConnectorError(404, 'NotFound');
      const threadId = `${channelId};messageid=${firstActivityId ?? this.nextActivityId()}`;
      return this.addConversation(
        {
          id: threadId,
          conversationType: 'channel',
          memberIds: channel.memberIds,
          teamId: channel.teamId,
          channelId,
          topicName: parameters.topicName,
        },
        'createConversation',
      );
    }
    const members = parameters.members ?? [];
    // This connector is one tenant's: Teams refuses a chat asked for in another tenant.
    const tenant = parameters.tenantId ?? parameters.channelData?.tenant?.id;
    if (tenant && tenant.toLowerCase() !== this.tenantId.toLowerCase()) {
      throw new ConnectorError(403, 'Forbidden', 'The tenant does not match this service.');
    }
    if (parameters.isGroup || members.length !== 1) {
      throw new ConnectorError(400, 'BadSyntax', 'Incorrect conversation creation parameters');
    }
    const user = this.resolveMember(members[0] as ChannelAccount);
    if (user.appInstalled === false) {
      throw new ConnectorError(403, 'Forbidden', 'The bot is not installed for this user.');
    }
    for (const existing of this.conversations.values()) {
      if (existing.conversationType === 'personal' && existing.memberIds[0] === user.id) return existing;
    }
    return this.addConversation({ conversationType: 'personal', memberIds: [user.id] }, 'createConversation');
  }

  conversation(id: string): FakeConversation {
    const conversation = this.conversations.get(id);
    if (!conversation) throw new ConnectorError(404, 'ConversationNotFound', 'Conversation not found.');
    return conversation;
  }

  team(id: string): FakeTeam {
    const team = this.teams.get(id);
    if (!team) throw new ConnectorError(404, 'NotFound', 'Team not found.');
    return team;
  }

  member(id: string): FakeTeamsUser {
    const user = this.users.get(id);
    if (!user) throw new ConnectorError(404, 'MemberNotFoundInConversation', 'Member not found.');
    return user;
  }

  private newConversationId(type: FakeConversationType): string {
    const unique = randomUUID().replaceAll('-', '');
    if (type === 'personal') return `a:${unique}`;
    if (type === 'groupChat') return `19:${unique}@thread.v2`;
    return `19:${unique}@thread.tacv2`;
  }
}

/** An error the fake answers with, in the connector's `{ error: { code, message } }` shape. */
export class ConnectorError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message = code,
  ) {
    super(message);
  }
}
