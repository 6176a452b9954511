import fc from 'fast-check';
import { FIELD_ACTION } from '../../../adapters/slack/render/form.js';
import type { BlockActionInput, ViewSubmissionInput } from '../../support/slack-signing.js';

/** Values a control could carry back: ids in Triad's shapes, near misses, and junk. */
function controlValue(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.uuid(),
    fc.tuple(fc.uuid(), fc.uuid()).map(([a, b]) => `${a}:${b}`),
    fc.tuple(fc.uuid(), fc.string({ maxLength: 10 })).map(([a, b]) => `${a}:${b}`),
    fc.constantFrom('', ':', '::', 'null', 'undefined', '{"engagementId":1}', '<!channel>', '../../etc'),
    fc.string({ maxLength: 60 }),
    fc.string({ minLength: 1_990, maxLength: 2_100 }),
  );
}

export interface ActionCase {
  input: Omit<BlockActionInput, 'response_url'>;
  /** Whether the click came from a message (answered through its response_url) or a view. */
  fromMessage: boolean;
}

/** A click on one of Triad's controls (`actionIds`), carrying whatever a damaged or stale payload might. */
export function blockAction(
  actionIds: readonly string[],
  users: readonly string[],
  channel: string,
): fc.Arbitrary<ActionCase> {
  const action = fc.record(
    {
      action_id: fc.constantFrom(...actionIds),
      type: fc.constantFrom(
        'button',
        'static_select',
        'datetimepicker',
        'users_select',
        'overflow',
        'nonsense',
      ),
      value: controlValue(),
      block_id: fc.oneof(
        controlValue().map((v) => `tv|0|${v}`),
        fc.constantFrom('actions', 'tv|', 'tv||', 'tv|x'),
        fc.string({ maxLength: 30 }),
      ),
      selected_option: controlValue().map((value) => ({ value })),
      selected_date_time: fc.oneof(
        fc.integer({ min: -1_000_000, max: 4_102_444_800 }),
        fc.constantFrom(0, 1, 2_147_483_647),
        // A picked time inside the next few weeks, as a real picker would send.
        fc.integer({ min: 0, max: 60 * 24 * 3600 }).map((s) => Math.floor(Date.now() / 1000) + s),
      ),
    },
    { requiredKeys: ['action_id'] },
  );
  return fc
    .record({
      action,
      user_id: fc.constantFrom(...users),
      fromMessage: fc.boolean(),
      viewType: fc.constantFrom('home', 'modal') as fc.Arbitrary<'home' | 'modal'>,
    })
    .map(({ action: a, user_id, fromMessage, viewType }) => ({
      fromMessage,
      input: {
        user_id,
        action: a as BlockActionInput['action'],
        ...(fromMessage
          ? { channel_id: channel }
          : { view: { id: 'V0TRIADVIEW', type: viewType, callback_id: viewType === 'home' ? '' : 'x' } }),
      },
    }));
}

/** One input element as Slack sends it back in `state.values`. */
function element(users: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  return fc.oneof(
    fc.string({ maxLength: 3_100 }).map((value) => ({ type: 'plain_text_input', value })),
    fc.constant({ type: 'plain_text_input', value: null }),
    fc
      .constantFrom(...users, 'U0NOBODY01', '')
      .map((selected_user) => ({ type: 'users_select', selected_user })),
    fc.array(fc.constantFrom(...users, 'U0NOBODY01'), { maxLength: 7 }).map((selected_users) => ({
      type: 'multi_users_select',
      selected_users,
    })),
    fc.oneof(fc.integer({ min: -10, max: 100 }).map(String), fc.string({ maxLength: 6 })).map((value) => ({
      type: 'number_input',
      value,
    })),
    controlValue().map((value) => ({ type: 'static_select', selected_option: { value } })),
    fc.constant({ type: 'static_select', selected_option: null }),
    fc.integer({ min: -1_000, max: 4_102_444_800 }).map((selected_date_time) => ({
      type: 'datetimepicker',
      selected_date_time,
    })),
    fc.constant({ type: 'datetimepicker', selected_date_time: null }),
  );
}

/** Field ids Triad's forms use, and some it does not. */
const FIELD_IDS = [
  'client',
  'sponsor',
  'coaches',
  'weeks',
  'cadence',
  'when',
  'minutes',
  'expectations',
  'answer',
  'text',
  'goal',
  'x',
] as const;

export interface SubmissionCase {
  input: Omit<ViewSubmissionInput, 'private_metadata'>;
  /** The context ids the modal carried, and whether it remembers a response_url to answer through. */
  context: Record<string, string>;
  withResponseUrl: boolean;
  channel: string | undefined;
}

/** A modal submitted with any values, for one of Triad's forms (`callbackIds`). */
export function viewSubmission(
  callbackIds: readonly string[],
  actors: readonly string[],
  users: readonly string[],
  channel: string,
): fc.Arbitrary<SubmissionCase> {
  return fc
    .record({
      callback_id: fc.constantFrom(...callbackIds),
      user_id: fc.constantFrom(...actors),
      values: fc.dictionary(
        fc.constantFrom(...FIELD_IDS),
        fc.oneof(
          element(users).map((e) => ({ [FIELD_ACTION]: e })),
          element(users).map((e) => ({ other: e })),
        ),
        { maxKeys: 6 },
      ),
      context: fc.dictionary(
        fc.constantFrom('engagementId', 'promptId', 'meetingId', 'entryId', 'releaseId', 'x'),
        controlValue(),
        { maxKeys: 3 },
      ),
      withResponseUrl: fc.boolean(),
      channel: fc.option(fc.constant(channel), { nil: undefined }),
    })
    .map(({ callback_id, user_id, values, context, withResponseUrl, channel }) => ({
      input: { callback_id, user_id, values },
      context,
      withResponseUrl,
      channel,
    }));
}
