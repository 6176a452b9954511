/**
 * A platform service that creates group chats and installs Triad where people are (Teams: Microsoft Graph, with
 * application permissions a tenant's admin grants). People are named by their platform user ids.
 */
export interface ChatRequest {
  /** The workspace or tenant the chat is made in. */
  tenantId: string;
  /** A content-free name, unique per space (it finds the chat again after a crash). */
  topic: string;
  memberPlatformUserIds: string[];
}

export interface ChatProvisioner {
  /** Creates a group chat with exactly these members; returns its id. */
  createChat(request: ChatRequest): Promise<string>;
  /** A chat made earlier for this request (same topic, same members), if there is one. */
  findChat(request: ChatRequest): Promise<string | undefined>;
  /** Installs Triad in the chat (the platform then tells Triad it was added); already installed counts as done. */
  installInChat(tenantId: string, chatId: string): Promise<void>;
  addMember(tenantId: string, chatId: string, platformUserId: string): Promise<void>;
  /** Someone already gone counts as done. */
  removeMember(tenantId: string, chatId: string, platformUserId: string): Promise<void>;
  /**
   * Installs Triad for a person, so Triad can reach them in their own chat; already installed counts as done.
   * The platform then tells Triad it was installed (with the chat's address). `unknown_person` when the platform
   * cannot say who the person is in its directory.
   */
  installForUser(tenantId: string, platformUserId: string): Promise<void>;
}

/**
 * - `not_granted`: the tenant's admin has not granted what the call needs (or the person cannot be reached);
 * - `unknown_person`: the platform's directory id of the person is not known (they were named only by an id the
 *   directory does not use, and never reached);
 * - `rate_limited`: try again after `retryAfterMs`;
 * - `unavailable`: anything else that may pass (5xx, network).
 */
export class ProvisionError extends Error {
  constructor(
    readonly kind: 'not_granted' | 'unknown_person' | 'rate_limited' | 'unavailable',
    readonly retryAfterMs?: number,
  ) {
    super(`provisioning failed: ${kind}`);
    this.name = 'ProvisionError';
  }
}
