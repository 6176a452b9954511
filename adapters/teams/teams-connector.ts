import type {
  Activity,
  CloudAdapter,
  ConversationParameters,
  TeamsChannelAccount,
  TurnContext,
} from 'botbuilder';
import type {
  ConnectorClient,
  ConversationsGetConversationPagedMembersOptionalParams,
} from 'botframework-connector';
import { statusOf } from './delivery-errors.js';
import { referenceOf, type TeamsAddress } from './teams-address.js';

/** The Bot Framework audience of outbound calls (public cloud). */
export const BOT_FRAMEWORK_AUDIENCE = 'https://api.botframework.com';
const PAGE_SIZE = 200;
const MAX_PAGES = 25;

/**
 * The Bot Connector calls Triad makes, through botbuilder's CloudAdapter (which signs each call with the bot's
 * token and sends it to the conversation's service URL). Each call runs in a proactive turn of its own; the
 * error of a call is rethrown here rather than left to the adapter's onTurnError.
 */
export class TeamsConnector {
  constructor(
    private readonly adapter: CloudAdapter,
    readonly botAppId: string,
    private readonly audience: string = BOT_FRAMEWORK_AUDIENCE,
  ) {}

  private async inTurn<T>(
    start: (logic: (ctx: TurnContext) => Promise<void>) => Promise<void>,
    work: (client: ConnectorClient, ctx: TurnContext) => Promise<T>,
  ): Promise<T> {
    let outcome: { value: T } | { error: unknown } | undefined;
    await start(async (ctx) => {
      try {
        const client = ctx.turnState.get<ConnectorClient>(ctx.adapter.ConnectorClientKey);
        outcome = { value: await work(client, ctx) };
      } catch (error) {
        outcome = { error };
      }
    });
    if (!outcome) throw new Error('the Bot Connector turn did not run');
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  }

  /** Runs `work` with a connector client for an existing conversation. */
  withConversation<T>(address: TeamsAddress, work: (client: ConnectorClient) => Promise<T>): Promise<T> {
    return this.inTurn(
      (logic) =>
        this.adapter.continueConversationAsync(this.botAppId, referenceOf(address, this.botAppId), logic),
      (client) => work(client),
    );
  }

  /**
   * The 1:1 chat between Triad and a user (`29:` id or Entra object id), created if there is none; Teams returns
   * the same conversation every time. Fails (403/404) when Triad is not installed for the user.
   */
  async personalChat(serviceUrl: string, tenantId: string, userId: string): Promise<TeamsAddress> {
    const parameters = {
      isGroup: false,
      bot: { id: `28:${this.botAppId}`, name: 'Triad' },
      members: [{ id: userId, name: '' }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    } as ConversationParameters;
    return this.inTurn(
      (logic) =>
        this.adapter.createConversationAsync(
          this.botAppId,
          'msteams',
          serviceUrl,
          this.audience,
          parameters,
          logic,
        ),
      async (_client, ctx) => ({
        conversationId: ctx.activity.conversation.id,
        serviceUrl,
        tenantId,
        conversationType: 'personal' as const,
      }),
    );
  }

  /** Posts an activity; returns its id. */
  send(address: TeamsAddress, activity: Partial<Activity>): Promise<string> {
    return this.withConversation(address, async (client) => {
      const sent = await client.conversations.sendToConversation(address.conversationId, activity);
      return sent.id ?? '';
    });
  }

  /**
   * Posts an activity as a reply to one Triad sent (`replyToId`); returns its id. In a group chat Teams has no
   * reply threads and shows it as a new message (which notifies, unlike an update).
   */
  reply(address: TeamsAddress, activityId: string, activity: Partial<Activity>): Promise<string> {
    return this.withConversation(address, async (client) => {
      const sent = await client.conversations.replyToActivity(address.conversationId, activityId, {
        ...activity,
        replyToId: activityId,
      });
      return sent.id ?? '';
    });
  }

  /** Replaces an activity Triad sent (a card refreshed in place). */
  update(address: TeamsAddress, activityId: string, activity: Partial<Activity>): Promise<void> {
    return this.withConversation(address, async (client) => {
      await client.conversations.updateActivity(address.conversationId, activityId, {
        ...activity,
        id: activityId,
      });
    });
  }

  /** Deletes an activity Triad sent; one that is already gone (404) counts as deleted. */
  delete(address: TeamsAddress, activityId: string): Promise<void> {
    return this.withConversation(address, async (client) => {
      try {
        await client.conversations.deleteActivity(address.conversationId, activityId);
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
    });
  }

  /** One member of a conversation (by `29:` id or Entra object id); undefined when not a member. */
  member(address: TeamsAddress, userId: string): Promise<TeamsChannelAccount | undefined> {
    return this.withConversation(address, async (client) => {
      try {
        return (await client.conversations.getConversationMember(
          address.conversationId,
          userId,
        )) as TeamsChannelAccount;
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
    });
  }

  /** Everyone in a conversation, all pages. */
  roster(address: TeamsAddress): Promise<TeamsChannelAccount[]> {
    return this.withConversation(address, async (client) => {
      const members: TeamsChannelAccount[] = [];
      let continuationToken: string | undefined;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        // The SDK types both as required; the service reads a missing token as "first page".
        const options = {
          pageSize: PAGE_SIZE,
          continuationToken,
        } as ConversationsGetConversationPagedMembersOptionalParams;
        const result = await client.conversations.getConversationPagedMembers(
          address.conversationId,
          options,
        );
        members.push(...((result.members ?? []) as TeamsChannelAccount[]));
        continuationToken = result.continuationToken || undefined;
        if (!continuationToken) break;
      }
      return members;
    });
  }
}
