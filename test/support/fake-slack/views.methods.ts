import { randomInt } from 'node:crypto';
import { type Args, fail, isRecord, str } from './args.js';
import { assertValidBlocks, BLOCK_LIMITS } from './block-rules.js';
import type { MethodTable } from './method-context.js';
import type { StoredView } from './types.js';
import type { FakeWorkspace } from './workspace.js';

const MAX_VIEW_BYTES = 250 * 1024;

function invalid(message: string): never {
  return fail('invalid_arguments', { response_metadata: { messages: [`[ERROR] ${message}`] } });
}

function newHash(ws: FakeWorkspace): string {
  return `${ws.now()}.${randomInt(1_000_000, 9_999_999)}`;
}

/** The `view` argument checked the way Slack does for the given surface. */
function readView(args: Args, surface: 'modal' | 'home'): Record<string, unknown> {
  const view = args.view;
  if (!isRecord(view)) return invalid('invalid `view`');
  if (Buffer.byteLength(JSON.stringify(view)) > MAX_VIEW_BYTES) fail('view_too_large');
  if (view.type !== surface) invalid(`must be a valid enum value [json-pointer:/view/type]`);
  if (surface === 'modal') {
    const title = view.title;
    const text = isRecord(title) ? title.text : undefined;
    if (!isRecord(title) || title.type !== 'plain_text' || typeof text !== 'string' || text === '') {
      invalid('must provide a plain_text title [json-pointer:/view/title]');
    }
    if (text.length > BLOCK_LIMITS.viewTitle) {
      invalid(`must be less than ${BLOCK_LIMITS.viewTitle + 1} characters [json-pointer:/view/title/text]`);
    }
  }
  assertValidBlocks(view.blocks ?? [], 'view');
  return view;
}

function publicView(view: StoredView): Record<string, unknown> {
  const { fake: _fake, ...rest } = view;
  return structuredClone(rest);
}

/** Builds (or rebuilds, keeping id and lineage) a stored view from a view payload. */
function storeView(
  ws: FakeWorkspace,
  payload: Record<string, unknown>,
  fake: StoredView['fake'],
  previous?: StoredView,
): StoredView {
  const externalId = str(payload, 'external_id') ?? '';
  if (externalId !== '') {
    const clash = [...ws.views.values()].find((v) => v.external_id === externalId && v.id !== previous?.id);
    if (clash) fail('duplicate_external_id');
  }
  const id = previous?.id ?? ws.nextId('V');
  const view: StoredView = {
    id,
    team_id: ws.identity.teamId,
    type: String(payload.type),
    title: payload.title,
    submit: payload.submit ?? null,
    close: payload.close ?? null,
    blocks: Array.isArray(payload.blocks) ? payload.blocks : [],
    private_metadata: str(payload, 'private_metadata') ?? '',
    callback_id: str(payload, 'callback_id') ?? '',
    external_id: externalId,
    state: { values: {} },
    hash: newHash(ws),
    clear_on_close: payload.clear_on_close === true,
    notify_on_close: payload.notify_on_close === true,
    root_view_id: previous?.root_view_id ?? id,
    previous_view_id: previous?.previous_view_id ?? null,
    app_id: ws.identity.appId,
    bot_id: ws.identity.botId,
    fake,
  };
  ws.views.set(id, view);
  return view;
}

function requireTrigger(args: Args): string {
  const trigger = str(args, 'trigger_id');
  if (trigger === undefined || trigger === '') return invalid('invalid `trigger_id`');
  return trigger;
}

function checkHash(args: Args, current: StoredView): void {
  const hash = str(args, 'hash');
  if (hash !== undefined && hash !== '' && hash !== current.hash) fail('hash_conflict');
}

export const viewMethods: MethodTable = {
  'views.open': ({ ws, args }) => {
    const trigger = requireTrigger(args);
    const view = storeView(ws, readView(args, 'modal'), { via: 'views.open', trigger_id: trigger });
    return { view: publicView(view) };
  },

  'views.push': ({ ws, args }) => {
    const trigger = requireTrigger(args);
    const payload = readView(args, 'modal');
    const below = [...ws.views.values()].filter((v) => v.type === 'modal').at(-1);
    const view = storeView(ws, payload, { via: 'views.push', trigger_id: trigger });
    view.root_view_id = below?.root_view_id ?? view.id;
    view.previous_view_id = below?.id ?? null;
    return { view: publicView(view) };
  },

  'views.update': ({ ws, args }) => {
    const viewId = str(args, 'view_id');
    const externalId = str(args, 'external_id');
    if (!viewId && !externalId) invalid('must provide view_id or external_id');
    const current = viewId
      ? ws.views.get(viewId)
      : [...ws.views.values()].find((v) => v.external_id === externalId);
    if (!current) return fail('not_found');
    checkHash(args, current);
    const payload = readView(args, current.type === 'home' ? 'home' : 'modal');
    const view = storeView(ws, { external_id: current.external_id, ...payload }, current.fake, current);
    return { view: publicView(view) };
  },

  'views.publish': ({ ws, args }) => {
    const userId = str(args, 'user_id');
    const user = userId === undefined ? undefined : ws.users.get(userId);
    if (!user) return invalid('invalid `user_id`');
    const currentId = ws.homeViews.get(user.id);
    const current = currentId === undefined ? undefined : ws.views.get(currentId);
    if (current) checkHash(args, current);
    const view = storeView(ws, readView(args, 'home'), { via: 'views.publish', user: user.id }, current);
    ws.homeViews.set(user.id, view.id);
    return { view: publicView(view) };
  },
};
