import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackDirectory } from '../../../adapters/slack/slack-directory.js';
import { createLookupClient } from '../../../adapters/slack/slack-web-client.js';
import { FAKE_BOT_TOKEN, type FakeSlack, startFakeSlack } from '../../support/fake-slack/index.js';

let fake: FakeSlack;
let directory: SlackDirectory;

beforeEach(async () => {
  fake = await startFakeSlack({
    users: [
      {
        id: 'U0ADA00001',
        name: 'ada',
        real_name: 'Ada Lovelace',
        tz: 'Asia/Kolkata',
        profile: { display_name: 'Ada' },
      },
      { id: 'U0GONE0001', name: 'gone', deleted: true },
      { id: 'U0BOT00001', name: 'helper', is_bot: true },
      { id: 'U0MULTI001', name: 'mia', guest: 'multi_channel' },
      { id: 'U0SINGLE01', name: 'sol', guest: 'single_channel' },
      { id: 'U0FIRM0001', name: 'kim', team_id: 'T0FIRM0001' },
    ],
  });
  directory = new SlackDirectory(
    createLookupClient({ token: FAKE_BOT_TOKEN, apiUrl: fake.url, logger: pino({ level: 'silent' }) }),
  );
});

afterEach(async () => {
  await fake.close();
});

describe('users.info as the directory', () => {
  it('gives the display name and time zone of a person', async () => {
    expect(await directory.lookup('U0ADA00001')).toEqual({
      platformUserId: 'U0ADA00001',
      displayName: 'Ada',
      timeZone: 'Asia/Kolkata',
      isBot: false,
      deleted: false,
      homeTeamId: fake.identity.teamId,
    });
  });

  it('tells multi-channel from single-channel guests, and a Slack Connect user by their home team', async () => {
    expect(await directory.lookup('U0ADA00001')).toMatchObject({ guest: undefined });
    expect(await directory.lookup('U0MULTI001')).toMatchObject({ guest: 'multi_channel' });
    expect(await directory.lookup('U0SINGLE01')).toMatchObject({ guest: 'single_channel' });
    expect(await directory.lookup('U0FIRM0001')).toMatchObject({ homeTeamId: 'T0FIRM0001' });
  });

  it('flags deactivated people and bots, and knows nobody who does not exist', async () => {
    expect(await directory.lookup('U0GONE0001')).toMatchObject({ deleted: true });
    expect(await directory.lookup('U0BOT00001')).toMatchObject({ isBot: true });
    expect(await directory.lookup(fake.identity.botUserId)).toMatchObject({ isBot: true });
    expect(await directory.lookup('U0NOBODY01')).toBeUndefined();
  });
});
