import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { StoredMessage } from '../../support/fake-slack/index.js';
import type { SlackHarness } from './slack-harness.js';

/** A button or picker as the app rendered it into a Slack message. */
export interface RenderedControl {
  actionId: string;
  type: string;
  value: string | undefined;
  blockId: string | undefined;
  channel: string;
  ts: string;
}

/** Every interactive element of the given messages, newest message first. */
export function controlsIn(messages: StoredMessage[]): RenderedControl[] {
  const found: RenderedControl[] = [];
  for (const message of [...messages].reverse()) {
    for (const block of (message.blocks ?? []) as {
      type: string;
      block_id?: string;
      elements?: unknown[];
    }[]) {
      if (block.type !== 'actions') continue;
      for (const element of (block.elements ?? []) as { type: string; action_id: string; value?: string }[]) {
        found.push({
          actionId: element.action_id,
          type: element.type,
          value: element.value,
          blockId: block.block_id,
          channel: message.channel,
          ts: message.ts,
        });
      }
    }
  }
  return found;
}

export function findControl(
  h: SlackHarness,
  conversation: string,
  actionId: string,
  pick: (c: RenderedControl) => boolean = () => true,
): RenderedControl {
  const control = controlsIn(h.fake.messagesIn(conversation)).find((c) => c.actionId === actionId && pick(c));
  if (!control) throw new Error(`no ${actionId} control in ${conversation}`);
  return control;
}

/** Clicks (or picks a time in) a rendered control as `userId`; returns the ephemeral answers they got. */
export async function click(
  h: SlackHarness,
  userId: string,
  control: RenderedControl,
  pickedAt?: Date,
): Promise<string> {
  const key = randomUUID();
  const response = await h.action({
    user_id: userId,
    channel_id: control.channel,
    message_ts: control.ts,
    response_url: h.sink.urlFor(key),
    action: {
      action_id: control.actionId,
      type: control.type,
      ...(control.blockId ? { block_id: control.blockId } : {}),
      ...(control.value !== undefined ? { value: control.value } : {}),
      ...(pickedAt ? { selected_date_time: Math.floor(pickedAt.getTime() / 1000) } : {}),
    },
  });
  if (response.status !== 200) throw new Error(`action answered ${response.status}`);
  await h.drain();
  return JSON.stringify(h.sink.postsTo(key).map((p) => p.body));
}

/** A local wall-clock time `days` from `from` in `zone`, as an instant (what a person picks). */
export function localTime(from: Date, days: number, hour: number, zone: string): Date {
  return DateTime.fromJSDate(from, { zone })
    .plus({ days })
    .set({ hour, minute: 0, second: 0, millisecond: 0 })
    .toJSDate();
}

/** The text of every call that reached the given conversations (faulted ones too: a leak attempted is a leak). */
export function trafficTo(h: SlackHarness, channels: Set<string>): string {
  return h.fake.calls
    .filter((call) => typeof call.args.channel === 'string' && channels.has(call.args.channel))
    .map((call) => JSON.stringify(call.args))
    .join('\n');
}

/** Controls in a list of Block Kit blocks (an ephemeral answer, a response_url post). */
export function controlsInBlocks(blocks: unknown[], channel: string, ts = ''): RenderedControl[] {
  return controlsIn([
    { type: 'message', channel, ts, user: '', team: '', text: '', blocks } as StoredMessage,
  ]);
}

/** The controls of the ephemeral answers a person got, newest first. */
export function ephemeralControls(h: SlackHarness, userId: string): RenderedControl[] {
  return [...h.fake.ephemeralsTo(userId)]
    .reverse()
    .flatMap((e) => controlsInBlocks(e.blocks ?? [], e.channel, e.message_ts));
}

/** Types a message in the person's DM with Triad (stored in the fake, then delivered to the app as an event). */
export async function typeInDm(h: SlackHarness, userId: string, text: string): Promise<void> {
  // The person opens Triad's Messages tab: their IM with the bot exists from then on.
  if (!h.fake.conversations.imWith(userId)) await h.messenger.openDirect(userId);
  const message = h.fake.postAsUser({ channel: userId, user: userId, text });
  const response = await h.event(
    { type: 'message', channel: message.channel, channel_type: 'im', user: userId, text, ts: message.ts },
    `Ev${randomUUID()}`,
  );
  if (response.status !== 200) throw new Error(`message event answered ${response.status}`);
  await h.drain();
}

/** Submits the newest modal with this callback id, as the person it was opened for. */
export async function submitForm(
  h: SlackHarness,
  userId: string,
  callbackId: string,
  values: Record<string, Record<string, unknown>>,
): Promise<void> {
  const view = h.fake.views.filter((v) => v.callback_id === callbackId).at(-1);
  if (!view) throw new Error(`no open ${callbackId} form`);
  const response = await h.submit({
    user_id: userId,
    callback_id: callbackId,
    view_id: view.id,
    hash: view.hash,
    private_metadata: view.private_metadata,
    values,
  });
  if (response.status !== 200) throw new Error(`submission answered ${response.status}`);
  await h.drain();
}

/** A text input's submitted state. */
export const typed = (value: string) => ({ value: { type: 'plain_text_input', value } });
