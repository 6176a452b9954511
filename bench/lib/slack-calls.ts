import { FAKE_BOT_TOKEN } from '../../test/support/fake-slack/defaults.js';

/** Calls one fake Slack Web API method as the bot; throws unless it answers ok. */
export async function callSlack(
  apiUrl: string,
  method: string,
  args: Record<string, string>,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${apiUrl}${method}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${FAKE_BOT_TOKEN}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(args).toString(),
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (body.ok !== true) throw new Error(`${method} failed: ${String(body.error)}`);
  return body;
}

/** Opens the bot's DM with each user (as the welcome messages did weeks ago); returns the channel ids. */
export async function openDms(
  apiUrl: string,
  userIds: readonly string[],
  concurrency = 16,
): Promise<string[]> {
  const channels: string[] = new Array(userIds.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < userIds.length) {
        const i = next++;
        const body = await callSlack(apiUrl, 'conversations.open', { users: userIds[i] as string });
        channels[i] = String((body.channel as { id: string }).id);
      }
    }),
  );
  return channels;
}
