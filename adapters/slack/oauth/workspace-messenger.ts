import type * as webApi from '@slack/web-api';
import type { Gated } from '../../../src/confidentiality/outbound-gate.js';
import type { OutboundMessage } from '../../../src/messages/message.js';
import type { Clock } from '../../../src/ports/clock.js';
import {
  DeliveryError,
  type Messenger,
  type SendOptions,
  type SpaceRequest,
} from '../../../src/ports/messenger.js';
import type { Presence } from '../../../src/ports/presence.js';
import { SlackMessenger } from '../slack-messenger.js';
import { DND_TEAM_INFO_LIMIT, SlackPresence } from '../slack-presence.js';
import { WorkspaceUnavailable } from './installation-vault.js';
import { heldDelivery, type WorkspaceClients } from './workspace-clients.js';

/** Calls through a per-workspace object made from the workspace's current client (kept while the token holds). */
function perClient<T extends object>(make: (client: webApi.WebClient) => T) {
  const made = new WeakMap<webApi.WebClient, T>();
  return (client: webApi.WebClient): T => {
    let found = made.get(client);
    if (!found) {
      found = make(client);
      made.set(client, found);
    }
    return found;
  };
}

/**
 * The Messenger of Slack distribution mode: `forTenant(teamId)` gives the messenger acting with that workspace's
 * installation token. Before every call the token is checked: an uninstalled or revoked workspace, or a token
 * that could not be refreshed, makes the delivery wait (DeliveryError with a wait, no attempt used) — nothing is
 * sent with a revoked or expired token and nothing is lost.
 */
export class WorkspaceMessengers implements Messenger {
  readonly platform = 'slack' as const;
  /** Each workspace's messenger, made once: it holds no token, only the team id each call resolves. */
  private readonly tenants = new Map<string, Messenger>();

  constructor(private readonly clients: WorkspaceClients) {}

  forTenant(teamId: string): Messenger {
    let messenger = this.tenants.get(teamId);
    if (!messenger) {
      messenger = this.actingFor(teamId);
      this.tenants.set(teamId, messenger);
    }
    return messenger;
  }

  private actingFor(teamId: string): Messenger {
    // The Slack messenger of the workspace's current token, made again when the token changes.
    let current: { token: string; client: webApi.WebClient; messenger: SlackMessenger } | undefined;
    const resolve = async (): Promise<SlackMessenger> => {
      try {
        const { client, token } = await this.clients.deliveryClientFor(teamId);
        if (current?.token !== token || current.client !== client) {
          current = { token, client, messenger: new SlackMessenger(client, { token }) };
        }
        return current.messenger;
      } catch (error) {
        if (error instanceof WorkspaceUnavailable) throw heldDelivery(error);
        throw error;
      }
    };
    return {
      platform: 'slack',
      openSpace: async (request: SpaceRequest) => (await resolve()).openSpace(request),
      openDirect: async (userId: string) => (await resolve()).openDirect(userId),
      send: async (address: unknown, message: Gated<OutboundMessage>, options: SendOptions) =>
        (await resolve()).send(address, message, options),
      findSent: async (address: unknown, outboxId: string, since: Date) =>
        (await resolve()).findSent(address, outboxId, since),
      retract: async (address: unknown, id: string) => (await resolve()).retract(address, id),
      addMember: async (address: unknown, userId: string) => (await resolve()).addMember(address, userId),
      removeMember: async (address: unknown, userId: string) =>
        (await resolve()).removeMember(address, userId),
      listMembers: async (address: unknown) => (await resolve()).listMembers(address),
      inviteByEmail: async (address: unknown, email: string) =>
        (await resolve()).inviteByEmail(address, email),
    };
  }

  // Without a workspace there is no token to act with: every organisation's delivery goes through forTenant.
  private refuse(): never {
    throw new DeliveryError('workspace_required', false);
  }
  openSpace = async (_request: SpaceRequest) => this.refuse();
  openDirect = async (_userId: string) => this.refuse();
  send = async (_address: unknown, _message: Gated<OutboundMessage>, _options: SendOptions) => this.refuse();
  findSent = async (_address: unknown, _outboxId: string, _since: Date) => this.refuse();
  retract = async (_address: unknown, _id: string) => this.refuse();
  addMember = async (_address: unknown, _userId: string) => this.refuse();
  removeMember = async (_address: unknown, _userId: string) => this.refuse();
}

/** The Presence of distribution mode: each workspace's Do Not Disturb and status, read with its own token. */
export class WorkspacePresence implements Presence {
  private readonly presenceOf = perClient((client) => new SlackPresence(client, this.clock));

  constructor(
    private readonly clients: WorkspaceClients,
    private readonly clock: Clock,
  ) {}

  forTenant(teamId: string): Presence {
    const resolve = async () => this.presenceOf(await this.clients.lookupClientFor(teamId));
    return {
      lookUpLimit: DND_TEAM_INFO_LIMIT,
      isAway: async (userId) => (await resolve()).isAway(userId),
      lookUp: async (question) => (await resolve()).lookUp(question),
    };
  }

  /** Without a workspace the presence is unknown; the core then prompts on time. */
  async isAway(): Promise<boolean> {
    throw new WorkspaceUnavailable('workspace_not_installed');
  }
}
