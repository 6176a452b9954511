import { afterAll, beforeAll, describe } from 'vitest';
import type { UnitOfWork } from '../../src/ports/repositories.js';
import { coachInvitationContract } from './contract/coach-invitation.contract.js';
import { coachProfileContract } from './contract/coach-profile.contract.js';
import { contentContract } from './contract/content.contract.js';
import { engagementContract } from './contract/engagement.contract.js';
import type { OpenStore } from './contract/fixtures.js';
import { heldDeliveryContract } from './contract/held-deliveries.contract.js';
import { horizonContract } from './contract/horizon.contract.js';
import { organisationAdminContract } from './contract/organisation-admin.contract.js';
import { outboxContract } from './contract/outbox.contract.js';
import { outboxClaimsContract } from './contract/outbox-claims.contract.js';
import { organisationAndPeopleContract } from './contract/people.contract.js';
import { presenceRecordContract } from './contract/presence-records.contract.js';
import { promptBatchContract } from './contract/prompt-batch.contract.js';
import { tenantAccessContract } from './contract/tenant-access.contract.js';
import { transactionContract } from './contract/transaction.contract.js';

export type { OpenStore } from './contract/fixtures.js';

/**
 * What every implementation of the persistence ports must do, run against Postgres, PGlite and the in-memory
 * store alike: each repository method, the constraints the core relies on, and transaction semantics.
 * One store per test file; every test makes its own rows, so tests do not depend on one another.
 */
export function repositoryContract(name: string, open: OpenStore): void {
  describe(`persistence contract on ${name}`, () => {
    let store: Awaited<ReturnType<OpenStore>> | undefined;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store?.close();
    });
    const uow = (): UnitOfWork => {
      if (!store) throw new Error('store not open');
      return store.uow;
    };
    organisationAndPeopleContract(uow);
    engagementContract(uow);
    contentContract(uow);
    outboxContract(uow);
    outboxClaimsContract(uow);
    transactionContract(uow);
    coachProfileContract(uow);
    organisationAdminContract(uow);
    tenantAccessContract(uow);
    promptBatchContract(uow);
    coachInvitationContract(uow);
    heldDeliveryContract(uow);
    presenceRecordContract(uow);
    horizonContract(uow);
  });
}
