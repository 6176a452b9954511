import pino from 'pino';
import { SlackPresence } from '../../../adapters/slack/slack-presence.js';
import { createLookupClient } from '../../../adapters/slack/slack-web-client.js';
import { FAKE_BOT_TOKEN, type FakeSlack, startFakeSlack } from '../../support/fake-slack/index.js';
import type { JobRuntime } from './job-runtime.js';

/** The Slack Web API methods a presence lookup calls. */
export const PRESENCE_METHODS = ['dnd.info', 'dnd.teamInfo', 'users.profile.get'];

/**
 * A fake Slack Web API behind the runtime's Slack presence port, as the worker wires it: `presenceCalls` lists the
 * lookups it has answered so far.
 */
export async function fakeSlackPresence(runtime: JobRuntime): Promise<{
  fake: FakeSlack;
  presenceCalls: () => FakeSlack['calls'];
}> {
  const fake = await startFakeSlack({ users: [] });
  runtime.deps.presence = {
    slack: new SlackPresence(
      createLookupClient({ token: FAKE_BOT_TOKEN, apiUrl: fake.url, logger: pino({ level: 'silent' }) }),
      runtime.deps.clock,
    ),
  };
  return { fake, presenceCalls: () => fake.calls.filter((call) => PRESENCE_METHODS.includes(call.method)) };
}
