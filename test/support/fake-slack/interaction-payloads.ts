/** Interaction payloads in the shape Slack posts them to the app (to wrap with `interactionBody`). */
import { randomBytes, randomInt } from 'node:crypto';
import {
  FAKE_APP_ID,
  FAKE_BOT_ID,
  FAKE_TEAM_DOMAIN,
  FAKE_TEAM_ID,
  FAKE_VERIFICATION_TOKEN,
} from './defaults.js';

/** A trigger id in Slack's shape (`digits.digits.hex`). */
export function fakeTriggerId(): string {
  return `${randomInt(1e9, 9e9)}.${randomInt(1e9, 9e9)}.${randomBytes(16).toString('hex')}`;
}

function actionTs(): string {
  return (Date.now() / 1000).toFixed(6);
}

interface Actor {
  user_id: string;
  user_name?: string;
  team_id?: string;
  trigger_id?: string;
}

function envelope(actor: Actor): Record<string, unknown> {
  const teamId = actor.team_id ?? FAKE_TEAM_ID;
  const name = actor.user_name ?? actor.user_id.toLowerCase();
  return {
    user: { id: actor.user_id, username: name, name, team_id: teamId },
    api_app_id: FAKE_APP_ID,
    token: FAKE_VERIFICATION_TOKEN,
    trigger_id: actor.trigger_id ?? fakeTriggerId(),
    team: { id: teamId, domain: FAKE_TEAM_DOMAIN },
    enterprise: null,
    is_enterprise_install: false,
  };
}

export interface BlockActionInput extends Actor {
  action: {
    action_id: string;
    block_id?: string;
    /** Defaults to `button`. */
    type?: string;
    value?: string;
    selected_option?: { value: string; text?: { type: 'plain_text'; text: string } };
    selected_date?: string;
    selected_time?: string;
    selected_date_time?: number;
    selected_user?: string;
    selected_users?: string[];
  };
  /** Where the button was: a message in a channel … */
  channel_id?: string;
  message_ts?: string;
  message?: Record<string, unknown>;
  response_url?: string;
  /** … or a modal / App Home view. */
  view?: {
    id: string;
    type?: 'modal' | 'home';
    callback_id?: string;
    private_metadata?: string;
    hash?: string;
  };
  /** Input values of the surrounding view or message (`state.values`). */
  state_values?: Record<string, Record<string, unknown>>;
}

/** A `block_actions` payload: one action clicked on a message or in a view. */
export function blockActionsPayload(input: BlockActionInput): Record<string, unknown> {
  const { action } = input;
  const values = input.state_values ?? {};
  const base = {
    type: 'block_actions',
    ...envelope(input),
    actions: [
      {
        type: action.type ?? 'button',
        block_id: action.block_id ?? 'actions',
        action_ts: actionTs(),
        ...action,
      },
    ],
    state: { values },
  };
  if (input.view) {
    const view = {
      id: input.view.id,
      team_id: input.team_id ?? FAKE_TEAM_ID,
      type: input.view.type ?? 'modal',
      callback_id: input.view.callback_id ?? '',
      private_metadata: input.view.private_metadata ?? '',
      hash: input.view.hash ?? `${Math.floor(Date.now() / 1000)}.abc`,
      state: { values },
      blocks: [],
      app_id: FAKE_APP_ID,
      bot_id: FAKE_BOT_ID,
      root_view_id: input.view.id,
      previous_view_id: null,
      external_id: '',
    };
    return { ...base, container: { type: 'view', view_id: input.view.id }, view };
  }
  const channelId = input.channel_id ?? 'C0TRIADGEN';
  const messageTs = input.message_ts ?? actionTs();
  return {
    ...base,
    container: { type: 'message', message_ts: messageTs, channel_id: channelId, is_ephemeral: false },
    channel: { id: channelId, name: channelId.startsWith('D') ? 'directmessage' : 'channel' },
    message: input.message ?? { type: 'message', ts: messageTs, text: '', blocks: [] },
    response_url: input.response_url ?? 'https://hooks.slack.com/actions/unused',
  };
}

export interface ViewSubmissionInput extends Actor {
  callback_id: string;
  view_id?: string;
  private_metadata?: string;
  /** `state.values`: block_id → action_id → element value, e.g. `{ type: 'plain_text_input', value: 'x' }`. */
  values: Record<string, Record<string, unknown>>;
  hash?: string;
  response_urls?: { block_id: string; action_id: string; channel_id: string; response_url: string }[];
}

/** A `view_submission` payload: a modal's Submit button. */
export function viewSubmissionPayload(input: ViewSubmissionInput): Record<string, unknown> {
  const viewId = input.view_id ?? `V0${randomBytes(4).toString('hex').toUpperCase()}`;
  return {
    type: 'view_submission',
    ...envelope(input),
    view: {
      id: viewId,
      team_id: input.team_id ?? FAKE_TEAM_ID,
      type: 'modal',
      callback_id: input.callback_id,
      private_metadata: input.private_metadata ?? '',
      state: { values: input.values },
      hash: input.hash ?? `${Math.floor(Date.now() / 1000)}.abc`,
      title: { type: 'plain_text', text: 'Triad' },
      blocks: [],
      clear_on_close: false,
      notify_on_close: false,
      root_view_id: viewId,
      previous_view_id: null,
      app_id: FAKE_APP_ID,
      bot_id: FAKE_BOT_ID,
      external_id: '',
    },
    response_urls: input.response_urls ?? [],
  };
}
