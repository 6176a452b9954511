/**
 * The baseline of the ack benchmark: a bare Bolt app in HTTP mode that acknowledges `/coaching` and does
 * nothing else. Same receiver, same signature check, same endpoint as Triad's app.
 * Env: PORT, SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_API_URL.
 */
import bolt from '@slack/bolt';
import { announceReady, onStop } from '../lib/child.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const app = new bolt.App({
  signingSecret: env('SLACK_SIGNING_SECRET'),
  token: env('SLACK_BOT_TOKEN'),
  clientOptions: { slackApiUrl: env('SLACK_API_URL') },
  logLevel: bolt.LogLevel.ERROR,
});
app.command('/coaching', async ({ ack }) => {
  await ack();
});
const port = Number(env('PORT'));
await app.start(port);
announceReady({ port });
onStop(() => app.stop().then(() => undefined));
