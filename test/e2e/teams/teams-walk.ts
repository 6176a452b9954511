import { DateTime } from 'luxon';
import { APP_ID } from '../../adapters/teams/support/teams-fakes.js';
import {
  botAddedActivity,
  type FakeConversation,
  inboundActivity,
  type PostResult,
} from '../../support/fake-bot-connector/index.js';
import type { Person, TeamsHarness } from './teams-harness.js';

type Json = Record<string, unknown>;

/** A card Triad posted (or updated) in a conversation, newest first. */
export interface PostedCard {
  activityId: string;
  operation: string;
  card: Json;
  text: string;
}

/**
 * Cards an invoke response put in place of the card clicked, by that card's activity id: Teams shows the
 * response card instead of the original, in the clicker's 1:1 chat.
 */
const replacedCards = new Map<string, Json>();

/** What `activityId` says of a card shown in an open dialog (a task module) rather than in the chat. */
export const IN_DIALOG = 'dialog';

/**
 * The dialog open over each conversation (its card, as the last `task/fetch` or `task/submit` answered), until a
 * response closes it or someone acts on the chat again. Teams keeps it nowhere; the walk keeps it to click in it.
 */
const openDialogs = new Map<string, Json>();

/** The card of the dialog a task module response shows, or undefined when the response closes the dialog. */
export function dialogCardOf(body: unknown): Json | undefined {
  const task = (body as { task?: { type?: string; value?: { card?: { content?: Json } } } } | undefined)
    ?.task;
  return task?.type === 'continue' ? task.value?.card?.content : undefined;
}

/** The card of the dialog open over a conversation, as JSON text ('' when none is open). */
export const dialogIn = (conversation: FakeConversation): string => {
  const dialog = openDialogs.get(conversation.id);
  return dialog ? JSON.stringify(dialog) : '';
};

/** The cards Triad posted in a conversation (what its history holds), newest first. */
export function cardsIn(h: TeamsHarness, conversation: FakeConversation): PostedCard[] {
  const found: PostedCard[] = [];
  for (const recorded of [...h.teams.fake.activitiesIn(conversation.id)].reverse()) {
    const replaced = replacedCards.get(`${conversation.id}|${recorded.activityId}`);
    const attachments = replaced
      ? [{ content: replaced }]
      : ((recorded.activity?.attachments ?? []) as { content?: Json }[]);
    for (const attachment of attachments) {
      if (!attachment.content) continue;
      found.push({
        activityId: recorded.activityId,
        operation: recorded.operation,
        card: attachment.content,
        text: JSON.stringify(attachment.content),
      });
    }
  }
  return found;
}

/** The newest card in a conversation, as JSON text. */
export const latest = (h: TeamsHarness, conversation: FakeConversation) =>
  cardsIn(h, conversation)[0]?.text ?? '';

/** Every card in a conversation, newest first, as JSON text. */
export const allText = (h: TeamsHarness, conversation: FakeConversation) =>
  cardsIn(h, conversation)
    .map((c) => c.text)
    .join('\n');

/** Every string in a value (a card, an invoke response), one per line: what a person can read in it. */
export function textOf(value: unknown): string {
  const strings: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') strings.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(value);
  return strings.join('\n');
}

/** The data of every Action.Execute or Action.Submit in a card, including those inside show-cards (pickers). */
export function actionsIn(card: Json): Json[] {
  const found: Json[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const object = value as Json;
      if ((object.type === 'Action.Execute' || object.type === 'Action.Submit') && object.data) {
        found.push(object.data as Json);
      }
      for (const child of Object.values(object)) walk(child);
    }
  };
  walk(card);
  return found;
}

/** The Action.OpenUrl buttons of a card (title and url), in order. */
export function openUrlsIn(card: Json): Array<{ title: unknown; url: unknown }> {
  const found: Array<{ title: unknown; url: unknown }> = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const object = value as Json;
      if (object.type === 'Action.OpenUrl') found.push({ title: object.title, url: object.url });
      for (const child of Object.values(object)) walk(child);
    }
  };
  walk(card);
  return found;
}

export interface FoundAction {
  data: Json;
  activityId: string;
}

/** The newest action with this id in the open dialog or a conversation's cards (optionally the one `pick` accepts). */
export function findAction(
  h: TeamsHarness,
  conversation: FakeConversation,
  actionId: string,
  pick: (data: Json, card: PostedCard) => boolean = () => true,
): FoundAction {
  const dialog = openDialogs.get(conversation.id);
  const open: PostedCard[] = dialog
    ? [{ activityId: IN_DIALOG, operation: 'dialog', card: dialog, text: JSON.stringify(dialog) }]
    : [];
  for (const posted of [...open, ...cardsIn(h, conversation)]) {
    const data = actionsIn(posted.card).find((d) => d.actionId === actionId && pick(d, posted));
    if (data) return { data, activityId: posted.activityId };
  }
  throw new Error(`no ${actionId} action in ${conversation.id}`);
}

/** A local wall-clock time `days` from `from` in `zone`, as an instant (what a person picks). */
export function localTime(from: Date, days: number, hour: number, zone: string): Date {
  return DateTime.fromJSDate(from, { zone })
    .plus({ days })
    .set({ hour, minute: 0, second: 0, millisecond: 0 })
    .toJSDate();
}

/** The date and time inputs of a picker, as Teams submits them, for `at` in the person's own zone. */
export function pickerInputs(field: unknown, at: Date, zone: string): Json {
  const local = DateTime.fromJSDate(at, { zone });
  return {
    [`${String(field)}_date`]: local.toFormat('yyyy-LL-dd'),
    [`${String(field)}_time`]: local.toFormat('HH:mm'),
  };
}

export interface Clicked {
  status: number;
  body: Json | undefined;
  /** The invoke response as text (a message, or the card that replaced the one clicked). */
  text: string;
}

/**
 * Clicks an action (or saves a picker at `at`, or submits a form with `inputs`) as `person`; then delivers. A button
 * that opens a dialog sends `task/fetch`, and one inside an open dialog `task/submit`, as Teams does.
 */
export async function click(
  h: TeamsHarness,
  person: Person,
  conversation: FakeConversation,
  action: FoundAction,
  options: { at?: Date; inputs?: Json; drain?: boolean } = {},
): Promise<Clicked> {
  const data = {
    ...action.data,
    ...(options.at ? pickerInputs(action.data.field, options.at, person.timezone) : {}),
    ...(options.inputs ?? {}),
  };
  const opensDialog = (data.msteams as { type?: string } | undefined)?.type === 'task/fetch';
  const inDialog = action.activityId === IN_DIALOG;
  if (!inDialog) openDialogs.delete(conversation.id);
  const result: PostResult =
    inDialog || opensDialog
      ? await h.dialog(person, conversation, inDialog ? 'task/submit' : 'task/fetch', data)
      : await h.invoke(person, conversation, data, { replyToId: action.activityId });
  if (options.drain !== false) await h.drain();
  const body = result.body ? (JSON.parse(result.body) as Json) : undefined;
  if (inDialog || opensDialog) {
    const dialog = dialogCardOf(body);
    if (dialog) openDialogs.set(conversation.id, dialog);
    else openDialogs.delete(conversation.id);
  }
  if (body?.type === 'application/vnd.microsoft.card.adaptive') {
    replacedCards.set(`${conversation.id}|${action.activityId}`, body.value as Json);
  }
  return { status: result.status, body, text: result.body };
}

/** Every string of every activity that reached these conversations (a leak attempted is a leak). */
export function trafficTo(h: TeamsHarness, conversations: readonly FakeConversation[]): string {
  const ids = new Set(conversations.map((c) => c.id));
  return h.teams.fake.activities
    .filter((a) => ids.has(a.conversationId))
    .map((a) => JSON.stringify(a.activity ?? {}))
    .join('\n');
}

/** Starts a group chat (as a person does in Teams) and adds Triad to it. */
export async function groupChatWith(
  h: TeamsHarness,
  by: Person,
  members: Person[],
): Promise<FakeConversation> {
  const chat = h.teams.fake.addConversation({
    conversationType: 'groupChat',
    memberIds: members.map((m) => m.user.id),
  });
  const added = await h.post(
    botAddedActivity(h.teams.fake, { conversationId: chat.id, byUserId: by.user.id, botAppId: APP_ID }),
  );
  if (added.status !== 200) throw new Error(`adding Triad answered ${added.status}`);
  return chat;
}

/** Someone adds or removes people in a group chat; Teams tells Triad with a conversationUpdate. */
export async function changeMembers(
  h: TeamsHarness,
  chat: FakeConversation,
  by: Person,
  change: { add?: Person[]; remove?: Person[] },
): Promise<void> {
  const add = change.add ?? [];
  const remove = change.remove ?? [];
  chat.memberIds = [
    ...chat.memberIds.filter((id) => !remove.some((p) => p.user.id === id)),
    ...add.map((p) => p.user.id),
  ];
  const account = (p: Person) => ({ id: p.user.id, name: p.user.name });
  const result = await h.post(
    inboundActivity(h.teams.fake, {
      type: 'conversationUpdate',
      conversationId: chat.id,
      fromUserId: by.user.id,
      botAppId: APP_ID,
      ...(add.length > 0 ? { membersAdded: add.map(account) } : {}),
      ...(remove.length > 0 ? { membersRemoved: remove.map(account) } : {}),
    }),
  );
  if (result.status !== 200) throw new Error(`the member change answered ${result.status}`);
}
