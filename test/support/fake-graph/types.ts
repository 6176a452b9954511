/** The Graph application permissions the fake knows, as an admin grants them to the app in a tenant. */
export const GRAPH_PERMISSIONS = [
  'Chat.Create',
  'Chat.ReadBasic.All',
  'ChatMember.ReadWrite.All',
  'TeamsAppInstallation.ReadWriteSelfForChat.All',
  'TeamsAppInstallation.ReadWriteSelfForUser.All',
  'User.Read.All',
  'AppCatalog.Read.All',
] as const;
export type GraphPermission = (typeof GRAPH_PERMISSIONS)[number];

/** Every Graph call the fake understands. */
export type GraphOperation =
  | 'createChat'
  | 'listUserChats'
  | 'installInChat'
  | 'addChatMember'
  | 'listChatMembers'
  | 'removeChatMember'
  | 'installForUser'
  | 'getUser'
  | 'listUsers'
  | 'listCatalogApps';

export interface FakeChatMember {
  /** The membership id (what `DELETE /chats/{id}/members/{membershipId}` names). */
  id: string;
  /** Entra object id. */
  userId: string;
  roles: Array<'owner' | 'guest'>;
  /** The member's home tenant when it is not the chat's (a federated external user). */
  tenantId?: string;
}

export interface FakeGraphChat {
  id: string;
  tenantId: string;
  chatType: 'group';
  topic: string;
  members: FakeChatMember[];
  /** Catalog app ids installed in the chat. */
  installedApps: string[];
  createdDateTime: string;
}

export interface GraphRecordedRequest {
  method: string;
  path: string;
  operation: GraphOperation | 'token' | 'unknown';
  tenantId?: string;
  status: number;
  body?: unknown;
  faulted?: boolean;
}

export interface GraphFault {
  status: number;
  operation?: GraphOperation | GraphOperation[];
  retryAfterSeconds?: number;
  code?: string;
  /** How many matching requests fail (default: all). */
  times?: number;
  /** Graph does what was asked, then the answer is lost: the caller sees the fault (default: it does nothing). */
  afterAction?: boolean;
}

/** Claims of a bearer token: the tenant it was issued for and its audience. */
export interface GraphTokenClaims {
  tid: string;
  aud: string;
}
