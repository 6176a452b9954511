import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAesGcmCipher } from '../../../../adapters/crypto/aes-gcm.cipher.js';
import {
  InstallationVault,
  type RefreshFailing,
} from '../../../../adapters/slack/oauth/installation-vault.js';
import { createDatabase, type DatabaseHandle } from '../../../../db/client.js';
import { slackInstallationRepository } from '../../../../db/repositories/slack-installation.repository.js';
import { capturingLogger, manualClock, testEncryptionKeys } from '../../../support/core-deps.js';
import { createTestDatabase, type TestDatabase } from '../../../support/test-database.js';

let database: TestDatabase;
let handle: DatabaseHandle<unknown>;
let vault: InstallationVault;
const clock = manualClock();
const told: RefreshFailing[] = [];
let refusing = true;

const installation = () => ({
  team: { id: 'T0STREAK' },
  enterprise: undefined,
  isEnterpriseInstall: false,
  user: { id: 'UINSTALL', token: undefined, scopes: undefined },
  bot: {
    token: 'xoxb-streak',
    userId: 'BSTREAK',
    id: 'BOTSTREAK',
    scopes: ['chat:write'],
    refreshToken: 'xoxe-streak',
    expiresAt: Math.floor(clock.now().getTime() / 1000) + 3600,
  },
  authVersion: 'v2' as const,
});

beforeAll(async () => {
  database = await createTestDatabase();
  handle = createDatabase(database.url, { max: 4 });
  vault = new InstallationVault({
    repository: slackInstallationRepository(handle.db),
    cipher: createAesGcmCipher(testEncryptionKeys()),
    clock,
    ids: { newId: () => randomUUID() },
    logger: capturingLogger().logger,
    refresh: async () => {
      if (refusing) throw Object.assign(new Error('refused'), { data: { error: 'invalid_refresh_token' } });
      return { accessToken: 'xoxb-renewed', refreshToken: 'xoxe-renewed', expiresInSeconds: 3600 };
    },
    alertAfter: 3,
    onRefreshFailing: async (failing) => {
      told.push(failing);
    },
  });
  await vault.store(installation());
}, 60_000);

afterAll(async () => {
  await handle?.close();
  await database?.drop();
});

describe('a streak of refused token refreshes', () => {
  it('is handed on once when it reaches the mark, however many refresh at once, with the token still usable', async () => {
    clock.advance(3600_000 - 60_000);
    const tokens = await Promise.all(Array.from({ length: 8 }, () => vault.usableToken('T:T0STREAK')));
    expect(tokens.every((t) => t.token === 'xoxb-streak')).toBe(true);
    expect(told.map((t) => [t.failures, t.currentToken, t.row.installationKey])).toEqual([
      [3, 'xoxb-streak', 'T:T0STREAK'],
    ]);
    await vault.usableToken('T:T0STREAK');
    expect(told).toHaveLength(1);
  });

  it('ends when a refresh works, and a new streak is handed on again', async () => {
    refusing = false;
    expect((await vault.usableToken('T:T0STREAK')).token).toBe('xoxb-renewed');
    refusing = true;
    clock.advance(3600_000 - 60_000);
    for (let i = 0; i < 3; i += 1) await vault.usableToken('T:T0STREAK');
    expect(told.map((t) => t.failures)).toEqual([3, 3]);
  });

  it('ends with a re-install; past expiry it is handed on without a token, and the token is refused', async () => {
    await vault.store(installation());
    clock.advance(3600_000 + 60_000);
    for (let i = 0; i < 3; i += 1) {
      await expect(vault.usableToken('T:T0STREAK')).rejects.toMatchObject({ code: 'token_refresh_failed' });
    }
    expect(told.map((t) => [t.failures, t.currentToken])).toEqual([
      [3, 'xoxb-streak'],
      [3, 'xoxb-renewed'],
      [3, undefined],
    ]);
  });
});
