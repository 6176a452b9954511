import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAesGcmCipher } from '../../../../adapters/crypto/aes-gcm.cipher.js';
import {
  InstallationVault,
  WorkspaceUnavailable,
} from '../../../../adapters/slack/oauth/installation-vault.js';
import { createDatabase, type DatabaseHandle } from '../../../../db/client.js';
import { slackInstallationRepository } from '../../../../db/repositories/slack-installation.repository.js';
import { SealedTextRefused } from '../../../../src/errors.js';
import { capturingLogger, manualClock, testEncryptionKeys } from '../../../support/core-deps.js';
import { createTestDatabase, type TestDatabase } from '../../../support/test-database.js';

let database: TestDatabase;
let handle: DatabaseHandle<unknown>;
let vault: InstallationVault;
const clock = manualClock();

const installation = (team: string, token: string) => ({
  team: { id: team },
  enterprise: undefined,
  isEnterpriseInstall: false,
  user: { id: `U${team}`, token: undefined, scopes: undefined },
  bot: {
    token,
    userId: `B${team}`,
    id: `BOT${team}`,
    scopes: ['chat:write'],
    refreshToken: `xoxe-${team}`,
    expiresAt: Math.floor(clock.now().getTime() / 1000) + 3600,
  },
  authVersion: 'v2' as const,
});

beforeAll(async () => {
  database = await createTestDatabase();
  handle = createDatabase(database.url, { max: 2 });
  vault = new InstallationVault({
    repository: slackInstallationRepository(handle.db),
    cipher: createAesGcmCipher(testEncryptionKeys()),
    clock,
    ids: { newId: () => randomUUID() },
    logger: capturingLogger().logger,
    refresh: async () => {
      throw new Error('not expected');
    },
  });
  await vault.store(installation('T0ONE', 'xoxb-one'));
  await vault.store(installation('T0TWO', 'xoxb-two'));
}, 60_000);

afterAll(async () => {
  await handle?.close();
  await database?.drop();
});

describe('the installation vault', () => {
  it('gives each workspace its own token, opened from its own row', async () => {
    expect((await vault.usableToken('T:T0ONE')).token).toBe('xoxb-one');
    expect((await vault.usableToken('T:T0TWO')).token).toBe('xoxb-two');
  });

  it("refuses a token ciphertext moved to another installation's row, or to another column", async () => {
    await database.sql`
      update slack_installations set bot_token_ciphertext =
        (select bot_token_ciphertext from slack_installations where team_id = 'T0ONE')
      where team_id = 'T0TWO'`;
    await expect(vault.usableToken('T:T0TWO')).rejects.toBeInstanceOf(SealedTextRefused);
    await database.sql`
      update slack_installations set bot_token_ciphertext = refresh_token_ciphertext,
        bot_token_key_id = refresh_token_key_id where team_id = 'T0ONE'`;
    await expect(vault.usableToken('T:T0ONE')).rejects.toBeInstanceOf(SealedTextRefused);
  });

  it('opens a token once per sealed value: reads of the same row reuse it, a new token is opened', async () => {
    const cipher = createAesGcmCipher(testEncryptionKeys());
    let opened = 0;
    const counting = new InstallationVault({
      repository: slackInstallationRepository(handle.db),
      cipher: {
        ...cipher,
        open: (sealed, context) => {
          opened += 1;
          return cipher.open(sealed, context);
        },
      },
      clock,
      ids: { newId: () => randomUUID() },
      logger: capturingLogger().logger,
      refresh: async () => {
        throw new Error('not expected');
      },
    });
    await counting.store(installation('T0FOUR', 'xoxb-four'));
    for (let read = 0; read < 3; read += 1)
      expect((await counting.tokenForTeam('T0FOUR')).token).toBe('xoxb-four');
    expect(opened).toBe(1);
    await counting.store(installation('T0FOUR', 'xoxb-four-again'));
    expect(await counting.tokenForTeam('T0FOUR')).toMatchObject({ token: 'xoxb-four-again', version: 2 });
    expect(opened).toBe(2);
  });

  it("reads many workspaces' tokens in one statement, each answered as tokenForTeam answers it", async () => {
    const repository = slackInstallationRepository(handle.db);
    let reads = 0;
    const counted = new InstallationVault({
      repository: {
        ...repository,
        find: (key) => {
          reads += 1;
          return repository.find(key);
        },
        findMany: (keys) => {
          reads += 1;
          return repository.findMany(keys);
        },
      },
      cipher: createAesGcmCipher(testEncryptionKeys()),
      clock,
      ids: { newId: () => randomUUID() },
      logger: capturingLogger().logger,
      refresh: async () => {
        throw new Error('not expected');
      },
    });
    await counted.store(installation('T0FIVE', 'xoxb-five'));
    await counted.store(installation('T0SIX', 'xoxb-six'));
    await database.sql`update slack_installations set uninstalled_at = now() where team_id = 'T0SIX'`;
    reads = 0;
    const answers = await counted.tokensForTeams(['T0FIVE', 'T0SIX']);
    expect(reads).toBe(1);
    await expect(answers.get('T0FIVE')).resolves.toMatchObject({ token: 'xoxb-five' });
    await expect(answers.get('T0SIX')).rejects.toMatchObject({ code: 'workspace_uninstalled' });
    const unknown = await counted.tokensForTeams(['T0NOBODY']);
    await expect(unknown.get('T0NOBODY')).rejects.toMatchObject({ code: 'workspace_not_installed' });
  });

  it('hands out nothing for an uninstalled or unknown workspace', async () => {
    await vault.store(installation('T0THREE', 'xoxb-three'));
    await database.sql`update slack_installations set uninstalled_at = now() where team_id = 'T0THREE'`;
    await expect(vault.usableToken('T:T0THREE')).rejects.toMatchObject({ code: 'workspace_uninstalled' });
    await expect(vault.usableToken('T:T0NONE')).rejects.toBeInstanceOf(WorkspaceUnavailable);
    // A re-install clears the mark and bumps the token version (cached clients are replaced).
    await vault.store(installation('T0THREE', 'xoxb-three-again'));
    const usable = await vault.usableToken('T:T0THREE');
    expect(usable).toMatchObject({ token: 'xoxb-three-again', version: 2 });
  });
});
