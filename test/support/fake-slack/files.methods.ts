import { type Args, fail, str } from './args.js';
import type { MethodTable } from './method-context.js';
import type { StoredMessage } from './types.js';
import type { FakeWorkspace } from './workspace.js';

/** A file uploaded through files.getUploadURLExternal → upload URL → files.completeUploadExternal. */
export interface FakeFile {
  id: string;
  name: string;
  title: string;
  /** The length announced to files.getUploadURLExternal. */
  length: number;
  /** The bytes posted to the upload URL; undefined until then. */
  content: Buffer | undefined;
  user: string;
  /** Channels the completed upload was shared in, with the ts of the message that carries it. */
  shares: { channel: string; ts: string }[];
}

/** The files of one fake workspace, and the methods and upload endpoint that fill it. */
export class FakeFileStore {
  readonly files = new Map<string, FakeFile>();
  private counter = 0;

  constructor(
    private readonly ws: FakeWorkspace,
    /** The absolute upload URL the fake answers for a file id. */
    private readonly uploadUrl: (fileId: string) => string,
  ) {}

  /** The path prefix of upload URLs, below the server's root (Slack's are on files.slack.com). */
  static readonly UPLOAD_PATH = '/upload/v1/';

  /** Stores the bytes posted to a file's upload URL: a multipart form's file field, or the raw body. */
  async receive(fileId: string, contentType: string | undefined, raw: Buffer): Promise<number> {
    const file = this.files.get(fileId);
    if (!file || file.content !== undefined) return 404;
    let content = raw;
    if ((contentType ?? '').toLowerCase().startsWith('multipart/form-data')) {
      const form = await new Response(raw, { headers: { 'content-type': String(contentType) } }).formData();
      const part = [...form.values()].find((value) => typeof value !== 'string');
      if (!part || typeof part === 'string') return 400;
      content = Buffer.from(await part.arrayBuffer());
    }
    if (content.length !== file.length) return 400;
    file.content = content;
    return 200;
  }

  get methods(): MethodTable {
    return {
      'files.getUploadURLExternal': ({ args }) => {
        const name = str(args, 'filename');
        const length = Number(str(args, 'length'));
        if (!name) fail('invalid_arguments');
        if (!Number.isInteger(length) || length <= 0) fail('invalid_arguments');
        this.counter += 1;
        const id = `F${String(this.counter).padStart(9, '0')}`;
        this.files.set(id, {
          id,
          name,
          title: name,
          length,
          content: undefined,
          user: this.ws.identity.botUserId,
          shares: [],
        });
        return { upload_url: this.uploadUrl(id), file_id: id };
      },
      'files.completeUploadExternal': ({ args }) => this.complete(args),
    };
  }

  private complete(args: Args): Record<string, unknown> {
    const listed = parseFiles(args.files);
    const files = listed.map(({ id, title }) => {
      const file = this.files.get(id);
      if (!file || file.content === undefined) return fail('file_not_found');
      if (title) file.title = title;
      return file;
    });
    const channelId = str(args, 'channel_id');
    if (channelId !== undefined) {
      const conversation = this.ws.resolveChannel(channelId);
      if (conversation.is_archived) fail('is_archived');
      if (!this.ws.isMember(conversation, this.ws.identity.botUserId)) fail('not_in_channel');
      const { identity } = this.ws;
      const message: StoredMessage & { files: unknown[]; upload: true } = {
        type: 'message',
        channel: conversation.id,
        ts: this.ws.nextTs(),
        user: identity.botUserId,
        bot_id: identity.botId,
        app_id: identity.appId,
        team: identity.teamId,
        text: str(args, 'initial_comment') ?? '',
        files: files.map(shown),
        upload: true,
        ...(str(args, 'thread_ts') !== undefined ? { thread_ts: str(args, 'thread_ts') as string } : {}),
      };
      this.ws.addMessage(message);
      for (const file of files) file.shares.push({ channel: conversation.id, ts: message.ts });
    }
    return { files: files.map((file) => ({ id: file.id, title: file.title })) };
  }
}

/** `files` arrives as a JSON array (or its JSON string, form-encoded) of `{ id, title? }`. */
function parseFiles(raw: unknown): { id: string; title?: string }[] {
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return fail('invalid_arguments');
    }
  }
  if (!Array.isArray(value) || value.length === 0) return fail('invalid_arguments');
  return value.map((item) => {
    const id = (item as { id?: unknown })?.id;
    const title = (item as { title?: unknown })?.title;
    if (typeof id !== 'string' || id === '') return fail('invalid_arguments');
    return typeof title === 'string' ? { id, title } : { id };
  });
}

/** A file as a message shows it (no content: clients download it with the bot's token). */
const shown = (file: FakeFile) => ({
  id: file.id,
  name: file.name,
  title: file.title,
  size: file.length,
  user: file.user,
  mode: 'hosted',
});
