import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackMessenger } from '../../../adapters/slack/slack-messenger.js';
import { createDeliveryClient } from '../../../adapters/slack/slack-web-client.js';
import type { Gated } from '../../../src/confidentiality/outbound-gate.js';
import { logistics } from '../../../src/confidentiality/parts.js';
import { words } from '../../../src/confidentiality/words.js';
import type { OutboundMessage } from '../../../src/messages/message.js';
import { FAKE_BOT_TOKEN, type FakeSlack, startFakeSlack } from '../../support/fake-slack/index.js';

const CLIENT = 'U0CLIENT01';
const PHOTO = 'https://example.com/kim.jpg';

let fake: FakeSlack;
let messenger: SlackMessenger;

const withPhoto = (): Gated<OutboundMessage> =>
  ({
    audience: 'private',
    destination: { kind: 'space', engagementId: 'e1', space: 'client_dm' },
    summary: words('Choose your coach'),
    blocks: [
      {
        type: 'section',
        text: [logistics('Kim · ICF PCC')],
        image: { url: words(PHOTO), alt: words('Kim') },
      },
    ],
  }) as unknown as Gated<OutboundMessage>;

beforeEach(async () => {
  fake = await startFakeSlack({ users: [{ id: CLIENT, name: 'ada' }] });
  messenger = new SlackMessenger(
    createDeliveryClient({ token: FAKE_BOT_TOKEN, apiUrl: fake.url, logger: pino({ level: 'silent' }) }),
  );
});

afterEach(async () => {
  expect(fake.internalErrors).toEqual([]);
  await fake.close();
});

describe('a coach photo on Slack', () => {
  it('is the section’s image accessory', async () => {
    const address = await messenger.openDirect(CLIENT);
    await messenger.send(address, withPhoto(), { outboxId: 'o1' });
    const posted = fake.callsTo('chat.postMessage').at(-1)?.args;
    expect(JSON.stringify(posted?.blocks)).toContain(`"image_url":"${PHOTO}"`);
  });

  it('becomes a link when Slack cannot download it, so the message still arrives', async () => {
    const address = await messenger.openDirect(CLIENT);
    fake.setFault({ method: 'chat.postMessage', times: 1, respond: { error: 'invalid_blocks' } });
    const sent = await messenger.send(address, withPhoto(), { outboxId: 'o2' });
    expect(sent.messageId).toBeTruthy();
    const calls = fake.callsTo('chat.postMessage');
    expect(calls).toHaveLength(2);
    const retried = JSON.stringify(calls.at(-1)?.args.blocks);
    expect(retried).not.toContain('image_url');
    expect(retried).toContain(`Photo: ${PHOTO}`);
  });

  it('stays refused when a message without a photo is invalid', async () => {
    const address = await messenger.openDirect(CLIENT);
    fake.setFault({ method: 'chat.postMessage', times: 1, respond: { error: 'invalid_blocks' } });
    const plain = { ...withPhoto(), blocks: [{ type: 'section', text: [logistics('hi')] }] } as never;
    await expect(messenger.send(address, plain, { outboxId: 'o3' })).rejects.toMatchObject({
      code: 'invalid_blocks',
      retryable: false,
    });
  });
});
