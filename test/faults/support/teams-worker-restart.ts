import { createTeamsCloudAdapter } from '../../../adapters/teams/bot-authentication.js';
import { TeamsConnector } from '../../../adapters/teams/teams-connector.js';
import { TeamsMessenger } from '../../../adapters/teams/teams-messenger.js';
import { teamsFileLinks } from '../../../bin/wire-teams.js';
import { deliverOutboxEntry } from '../../../src/outbox/deliver-outbox-entry.js';
import type { Messenger } from '../../../src/ports/messenger.js';
import { APP_ID, APP_PASSWORD, TENANT_ID } from '../../adapters/teams/support/teams-fakes.js';
import type { TeamsHarness } from '../../e2e/teams/teams-harness.js';
import { waitFor } from '../../jobs/support/wait-for.js';
import { createFakeAadCredentialsFactory } from '../../support/bot-framework-tokens.js';

/**
 * A new delivery worker process's Teams messenger: its own CloudAdapter (no cached bot token) and connector,
 * over the same database and the same Bot Connector.
 */
export function freshWorkerMessenger(h: TeamsHarness): Messenger {
  const credentials = createFakeAadCredentialsFactory({
    appId: APP_ID,
    appPassword: APP_PASSWORD,
    tenantId: TENANT_ID,
  });
  const adapter = createTeamsCloudAdapter(credentials, h.teams.tokens.authOptions());
  return new TeamsMessenger({
    connector: new TeamsConnector(adapter, APP_ID),
    core: h.core,
    uow: h.uow,
    clock: h.core.clock,
    logger: h.core.logger.child({ worker: 'restarted' }),
    defaultServiceUrl: h.teams.fake.serviceUrl,
    defaultTenantId: TENANT_ID,
    fileLinks: teamsFileLinks(h.baseUrl, h.core, h.signer),
  });
}

/**
 * A worker that dies in the middle of delivering `outboxId`: it records the attempt, and the process stops
 * before its request reaches Teams (its send never returns; nothing of it runs again). Resolves once the
 * attempt is on record, with the attempts count it left.
 */
export async function workerDiesDelivering(h: TeamsHarness, outboxId: string): Promise<number> {
  const live = h.messenger;
  const dying: Messenger = {
    platform: live.platform,
    openSpace: (request) => live.openSpace(request),
    openDirect: (userId, tenantId) => live.openDirect(userId, tenantId),
    send: () => new Promise(() => undefined),
    findSent: (...args) => live.findSent(...args),
    retract: (address, messageId) => live.retract(address, messageId),
    addMember: (address, userId) => live.addMember(address, userId),
    removeMember: (address, userId) => live.removeMember(address, userId),
  };
  const deps = {
    uow: h.uow,
    cipher: h.core.cipher,
    clock: h.core.clock,
    logger: h.core.logger,
    messengers: { teams: dying },
  };
  void deliverOutboxEntry({ outboxId }, deps);
  return waitFor('the dying worker’s attempt on record', async () => {
    const [row] = await h.database.sql<{ attempts: number; status: string }[]>`
      select attempts, status from outbox where id = ${outboxId}`;
    return row && row.attempts > 0 && row.status === 'pending' ? row.attempts : undefined;
  });
}
