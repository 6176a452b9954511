import type { Client } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import {
  type ChatProvisioner,
  type ChatRequest,
  ProvisionError,
} from '../../../src/ports/chat-provisioner.js';
import type { CatalogAppIdOf } from './catalog-app-id.js';
import { type GraphClients, graphStatus, toProvisionError } from './graph-client.js';

/**
 * Who a person is in Entra ID, as a member of a chat in a tenant: their object id, their home tenant when it is
 * another one (a federated external user), and whether they are a guest account of the chat's tenant.
 */
export interface ChatMemberIdentity {
  entraId: string;
  /** Their home tenant; undefined or the chat's tenant for its own members and guests. */
  tenantId?: string;
  guest: boolean;
}

/** A person's identity from their Teams (`29:`) id or Entra object id; undefined when Teams does not tell. */
export type EntraIdOf = (tenantId: string, platformUserId: string) => Promise<ChatMemberIdentity | undefined>;

/**
 * The `conversationMember` Graph wants for a person in a chat of `chatTenantId`: the tenant's own members are
 * owners, its guests (B2B accounts) are guests, and a user of another tenant (external access) is an owner named
 * with their home tenant.
 */
export function chatMember(graphBase: string, chatTenantId: string, person: ChatMemberIdentity) {
  const external =
    person.tenantId !== undefined && person.tenantId.toLowerCase() !== chatTenantId.toLowerCase();
  return {
    '@odata.type': '#microsoft.graph.aadUserConversationMember',
    roles: [person.guest && !external ? 'guest' : 'owner'],
    'user@odata.bind': `${graphBase}/v1.0/users('${person.entraId}')`,
    ...(external ? { tenantId: person.tenantId } : {}),
  };
}

export interface GraphChatProvisionerDeps {
  clients: GraphClients;
  /** Graph's base URL, for the `@odata.bind` references. */
  graphBaseUrl: string;
  /** Triad's id in a tenant's app catalog (a store app's is its manifest id; see `catalogAppIds`). */
  catalogAppId: string | CatalogAppIdOf;
  entraIdOf: EntraIdOf;
}

const created = z.object({ id: z.string().min(1).max(400) });
const memberList = z.object({
  value: z.array(z.object({ id: z.string(), userId: z.string().nullish() })),
});
const chatList = z.object({
  value: z.array(
    z.object({ id: z.string(), topic: z.string().nullish(), members: memberList.shape.value.optional() }),
  ),
});

/**
 * The ChatProvisioner port on Microsoft Graph (application permissions): `POST /chats` (Chat.Create),
 * `GET /users/{id}/chats` to find a chat again (Chat.ReadBasic.All), `POST /chats/{id}/installedApps`
 * (TeamsAppInstallation.ReadWriteSelfForChat.All), chat members (ChatMember.ReadWrite.All) and
 * `POST /users/{id}/teamwork/installedApps` (TeamsAppInstallation.ReadWriteSelfForUser.All). Messages still go
 * through the Bot Connector.
 */
export class GraphChatProvisioner implements ChatProvisioner {
  constructor(private readonly deps: GraphChatProvisionerDeps) {}

  async createChat(request: ChatRequest): Promise<string> {
    const members = await this.entraIds(request.tenantId, request.memberPlatformUserIds);
    const body = {
      chatType: 'group',
      topic: request.topic,
      members: members.map((person) => chatMember(this.base(), request.tenantId, person)),
    };
    const answer = await this.call(request.tenantId, (graph) => graph.api('/chats').post(body));
    return created.parse(answer).id;
  }

  async findChat(request: ChatRequest): Promise<string | undefined> {
    const members = await this.entraIds(request.tenantId, request.memberPlatformUserIds);
    const wanted = new Set(members.map((person) => person.entraId.toLowerCase()));
    const [first] = members;
    if (!first) return undefined;
    const topic = request.topic.replaceAll("'", "''");
    const answer = await this.call(request.tenantId, (graph) =>
      graph
        .api(`/users/${encodeURIComponent(first.entraId)}/chats`)
        .filter(`topic eq '${topic}'`)
        .expand('members')
        .get(),
    );
    const found = chatList.parse(answer).value.find((chat) => {
      const ids = (chat.members ?? []).flatMap((m) => (m.userId ? [m.userId.toLowerCase()] : []));
      return chat.topic === request.topic && ids.length === wanted.size && ids.every((id) => wanted.has(id));
    });
    return found?.id;
  }

  async installInChat(tenantId: string, chatId: string): Promise<void> {
    await this.install(tenantId, `/chats/${encodeURIComponent(chatId)}/installedApps`);
  }

  async installForUser(tenantId: string, platformUserId: string): Promise<void> {
    const person = await this.deps.entraIdOf(tenantId, platformUserId);
    if (!person) throw new ProvisionError('unknown_person');
    await this.install(tenantId, `/users/${encodeURIComponent(person.entraId)}/teamwork/installedApps`);
  }

  async addMember(tenantId: string, chatId: string, platformUserId: string): Promise<void> {
    const [person] = await this.entraIds(tenantId, [platformUserId]);
    if (!person) throw new ProvisionError('not_granted');
    const body = {
      ...chatMember(this.base(), tenantId, person),
      visibleHistoryStartDateTime: '0001-01-01T00:00:00Z',
    };
    await this.call(tenantId, (graph) =>
      graph.api(`/chats/${encodeURIComponent(chatId)}/members`).post(body),
    );
  }

  async removeMember(tenantId: string, chatId: string, platformUserId: string): Promise<void> {
    const [person] = await this.entraIds(tenantId, [platformUserId]);
    const entraId = person?.entraId;
    const path = `/chats/${encodeURIComponent(chatId)}/members`;
    const answer = await this.call(tenantId, (graph) => graph.api(path).get());
    const membership = memberList
      .parse(answer)
      .value.find((m) => m.userId?.toLowerCase() === entraId?.toLowerCase());
    if (!membership) return;
    await this.call(tenantId, async (graph) => {
      try {
        await graph.api(`${path}/${encodeURIComponent(membership.id)}`).delete();
      } catch (error) {
        if (graphStatus(error) !== 404) throw error;
      }
    });
  }

  /** Installs Triad where `path` says; already installed (409) is done. */
  private async install(tenantId: string, path: string): Promise<void> {
    const { catalogAppId } = this.deps;
    const appId = typeof catalogAppId === 'string' ? catalogAppId : await catalogAppId(tenantId);
    const body = {
      'teamsApp@odata.bind': `${this.base()}/v1.0/appCatalogs/teamsApps/${encodeURIComponent(appId)}`,
    };
    await this.call(tenantId, async (graph) => {
      try {
        await graph.api(path).post(body);
      } catch (error) {
        if (graphStatus(error) !== 409) throw error;
      }
    });
  }

  /** Entra ids of people, or `not_granted` when Teams cannot say who one of them is. */
  private async entraIds(
    tenantId: string,
    platformUserIds: readonly string[],
  ): Promise<ChatMemberIdentity[]> {
    const ids: ChatMemberIdentity[] = [];
    for (const platformUserId of platformUserIds) {
      const id = await this.deps.entraIdOf(tenantId, platformUserId);
      if (!id) throw new ProvisionError('not_granted');
      ids.push(id);
    }
    return ids;
  }

  private base(): string {
    return this.deps.graphBaseUrl.replace(/\/+$/, '');
  }

  private async call<T>(tenantId: string, work: (graph: Client) => Promise<T>): Promise<T> {
    try {
      return await work(this.deps.clients.forTenant(tenantId));
    } catch (error) {
      throw toProvisionError(error);
    }
  }
}
