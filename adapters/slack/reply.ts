import type { RespondFn, webApi } from '@slack/bolt';
import type { Gated } from '../../src/confidentiality/outbound-gate.js';
import type { Attachment, Form, OutboundMessage } from '../../src/messages/message.js';
import { renderMessage } from './render/blocks.js';
import { type FormMetadata, renderForm } from './render/form.js';
import { partText } from './render/text.js';

/** Where an answer to the person who acted goes: only they see it. */
export interface ReplyTarget {
  client: webApi.WebClient;
  user: string;
  /** The conversation they acted in, when there is one (commands, message buttons). */
  channel?: string | undefined;
  /** Bolt's respond(), when the request carried a response_url. */
  respond?: RespondFn | undefined;
}

type Payload = { text: string; blocks?: unknown[] };

/** Posts an ephemeral answer: through response_url when there is one, else chat.postEphemeral. */
async function ephemeral(target: ReplyTarget, payload: Payload): Promise<void> {
  if (target.respond) {
    try {
      await target.respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: payload.text,
        ...(payload.blocks ? { blocks: payload.blocks as never } : {}),
      });
      return;
    } catch (error) {
      // An expired or used-up response_url (30 minutes, 5 uses): answer with chat.postEphemeral instead.
      if (!target.channel) throw error;
    }
  }
  let channel = target.channel;
  if (!channel) {
    const opened = await target.client.conversations.open({ users: target.user });
    channel = opened.channel?.id;
  }
  if (!channel) return;
  await target.client.chat.postEphemeral({
    channel,
    user: target.user,
    text: payload.text,
    ...(payload.blocks ? { blocks: payload.blocks as never } : {}),
  });
}

/**
 * A gated core reply, as Block Kit, shown only to the person acting. Its file (the client's export), if any, is
 * uploaded to that person's DM with Triad first: the one place it goes, complete whatever its size.
 */
export async function replyWith(target: ReplyTarget, message: Gated<OutboundMessage>): Promise<void> {
  if (message.file) await uploadToDm(target, message.file);
  await ephemeral(target, renderMessage(message));
}

/** files.getUploadURLExternal, the upload, files.completeUploadExternal into the acting person's own DM. */
async function uploadToDm(target: ReplyTarget, file: Attachment): Promise<void> {
  const opened = await target.client.conversations.open({ users: target.user });
  const channel = opened.channel?.id;
  if (!channel) throw new Error('Slack opened no DM for the upload');
  await target.client.filesUploadV2({
    channel_id: channel,
    file: Buffer.from(file.content.map(partText).join(''), 'utf8'),
    filename: file.name,
    title: file.name,
  });
}

/** A short answer already in mrkdwn (escaped), e.g. an error's readable words. */
export async function replyText(target: ReplyTarget, text: string): Promise<void> {
  await ephemeral(target, { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
}

/** Opens a gated core form as a modal; the metadata says where to answer after the submission. */
export async function openForm(
  client: webApi.WebClient,
  triggerId: string,
  form: Gated<Form>,
  where: Omit<FormMetadata, 'c'> = {},
): Promise<void> {
  await client.views.open({ trigger_id: triggerId, view: renderForm(form, where) });
}

/** A core reply that is either a message (ephemeral) or a form (modal). */
export async function present(
  target: ReplyTarget,
  triggerId: string | undefined,
  reply: Gated<OutboundMessage> | Gated<Form>,
): Promise<void> {
  if ('formId' in reply) {
    if (!triggerId) throw new Error('a form needs a trigger_id');
    await openForm(target.client, triggerId, reply, target.channel ? { ch: target.channel } : {});
    return;
  }
  await replyWith(target, reply);
}

/** respond() for a stored response_url (a modal opened from a command answers where the command was typed). */
export const respondVia =
  (url: string): RespondFn =>
  (message) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(typeof message === 'string' ? { text: message } : message),
    }).then((response) => {
      if (!response.ok) throw new Error(`response_url answered ${response.status}`);
      return response;
    });
