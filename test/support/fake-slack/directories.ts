import type {
  ConversationInput,
  DndState,
  FakeConversation,
  FakeUser,
  OutboundTextFilter,
  RecordedCall,
  StoredMessage,
  UserInput,
} from './types.js';
import type { FakeWorkspace } from './workspace.js';

/** Test-side access to the people of the fake workspace. */
export interface UserDirectory {
  add(input: UserInput): FakeUser;
  get(id: string): FakeUser | undefined;
  /** Merges top-level fields and `profile` (e.g. `{ deleted: true }`, `{ profile: { status_text } }`). */
  update(id: string, patch: Omit<Partial<UserInput>, 'id' | 'dnd'>): FakeUser;
  setDnd(id: string, dnd: Partial<DndState>): void;
  all(): FakeUser[];
}

/** Test-side access to channels, IMs and MPIMs. */
export interface ConversationDirectory {
  /** A channel that exists before the app runs (bot is a member unless `includeBot: false`). */
  add(input: ConversationInput): FakeConversation;
  get(id: string): FakeConversation | undefined;
  byName(name: string): FakeConversation | undefined;
  imWith(userId: string): FakeConversation | undefined;
  all(): FakeConversation[];
}

export function userDirectory(ws: FakeWorkspace): UserDirectory {
  const existing = (id: string): FakeUser => {
    const user = ws.users.get(id);
    if (!user) throw new Error(`fake-slack: no user ${id}`);
    return user;
  };
  return {
    add: (input) => ws.addUser(input),
    get: (id) => ws.users.get(id),
    update: (id, patch) => {
      const user = existing(id);
      const { profile, guest, ...top } = patch;
      Object.assign(user, top, { updated: ws.now() });
      if (guest !== undefined) {
        user.is_restricted = true;
        user.is_ultra_restricted = guest === 'single_channel';
      }
      if (top.real_name !== undefined) user.profile.real_name = top.real_name;
      Object.assign(user.profile, profile);
      return user;
    },
    setDnd: (id, dnd) => {
      existing(id);
      ws.dnd.set(id, { ...(ws.dnd.get(id) as DndState), ...dnd });
    },
    all: () => [...ws.users.values()],
  };
}

export function conversationDirectory(ws: FakeWorkspace): ConversationDirectory {
  return {
    add: (input) => ws.addConversation(input),
    get: (id) => ws.conversations.get(id),
    byName: (name) => ws.conversationByName(name),
    imWith: (userId) => ws.imWith(userId),
    all: () => [...ws.conversations.values()],
  };
}

/** A channel id, a channel name, or a user id meaning the bot's DM with that user. */
export function findConversation(ws: FakeWorkspace, ref: string): FakeConversation | undefined {
  return ws.conversations.get(ref) ?? ws.imWith(ref) ?? ws.conversationByName(ref);
}

export function messagesIn(ws: FakeWorkspace, ref: string, threadTs?: string): StoredMessage[] {
  const conversation = findConversation(ws, ref);
  if (!conversation) return [];
  const all = ws.history.get(conversation.id) ?? [];
  const picked =
    threadTs === undefined ? all : all.filter((m) => m.ts === threadTs || m.thread_ts === threadTs);
  return structuredClone(picked);
}

function matchesFilter(call: RecordedCall, filter: OutboundTextFilter): boolean {
  const { method, channel, user } = filter;
  if (method instanceof RegExp && !method.test(call.method)) return false;
  if (typeof method === 'string' && method !== call.method) return false;
  if (channel !== undefined && call.args.channel !== channel) return false;
  if (user !== undefined && call.args.user !== user && call.args.user_id !== user) return false;
  return true;
}

/**
 * Every argument value every matching call carried (text, blocks, attachments, view, metadata, names …),
 * each as a string, the token excepted. Faulted calls count too: a leak attempted is a leak.
 */
export function outboundText(calls: RecordedCall[], filter: OutboundTextFilter = {}): string[] {
  const texts: string[] = [];
  for (const call of calls) {
    if (!matchesFilter(call, filter)) continue;
    for (const value of Object.values(call.args)) {
      if (value === undefined || value === null) continue;
      texts.push(typeof value === 'string' ? value : JSON.stringify(value));
    }
  }
  return texts;
}
