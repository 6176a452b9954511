import { describe, expect, it } from 'vitest';
import { requestKey } from '../../../adapters/slack/dedupe.js';

describe('the key that makes a Slack request run once', () => {
  it.each([
    [{ type: 'event_callback', event_id: 'Ev1', event: { type: 'message' } }, 'slack:event:Ev1'],
    [{ type: 'block_actions', user: { id: 'U1' }, actions: [{ action_ts: '1.5' }] }, 'slack:action:U1:1.5'],
    [{ type: 'view_submission', view: { id: 'V1', hash: 'h1' } }, 'slack:view:V1:h1'],
    [{ command: '/coaching', trigger_id: 'T1' }, 'slack:command:T1'],
    [{ type: 'event_callback', event_id: 'Ev2', event: { type: 'app_home_opened' } }, 'slack:event:Ev2'],
    [{ type: 'block_suggestion' }, undefined],
  ])('%j → %s', (body, key) => {
    expect(requestKey(body)).toBe(key);
  });
});
