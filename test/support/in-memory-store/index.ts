import type { Repositories, UnitOfWork } from '../../../src/ports/repositories.js';
import type { Access } from './access.js';
import { coachInvitationRepository } from './coach-invitation-repository.js';
import { coachProfileRepository } from './coach-profile-repository.js';
import {
  auditRepository,
  consentRepository,
  outboxRepository,
  privateEntryRepository,
  processedRequestRepository,
  promptRepository,
  releaseRepository,
} from './content-repositories.js';
import { heldDeliveryRepository } from './held-delivery-repository.js';
import { organisationAdminRepository } from './organisation-admin-repository.js';
import {
  engagementRepository,
  meetingRepository,
  organisationRepository,
  personRepository,
  spaceMemberRepository,
  spaceRepository,
} from './people-repositories.js';
import { presenceRecordRepository } from './presence-record-repository.js';
import { Store, View } from './store.js';
import { fromStored, type Row, type TableName, tableMeta, tableNames } from './tables.js';
import { tenantAccessRepository } from './tenant-access-repository.js';

export { InMemoryDatabaseError } from './database-error.js';
export type { TableName } from './tables.js';

export interface StoredRow {
  readonly table: TableName;
  readonly row: Row;
}

export interface InMemoryUnitOfWork extends UnitOfWork {
  /** A copy of every committed row of every table, for scans (e.g. that no private text is stored in clear). */
  dumpRows(): StoredRow[];
}

function repositories(access: Access): Repositories {
  return {
    organisations: organisationRepository(access),
    people: personRepository(access),
    engagements: engagementRepository(access),
    spaces: spaceRepository(access),
    spaceMembers: spaceMemberRepository(access),
    meetings: meetingRepository(access),
    prompts: promptRepository(access),
    entries: privateEntryRepository(access),
    consents: consentRepository(access),
    releases: releaseRepository(access),
    outbox: outboxRepository(access),
    audit: auditRepository(access),
    processed: processedRequestRepository(access),
    coachProfiles: coachProfileRepository(access),
    organisationAdmins: organisationAdminRepository(access),
    tenantAccess: tenantAccessRepository(access),
    coachInvitations: coachInvitationRepository(access),
    heldDeliveries: heldDeliveryRepository(access),
    presenceRecords: presenceRecordRepository(access),
  };
}

/**
 * The persistence ports in memory, with Postgres's behaviour where the core can notice it: transactions that
 * commit only when their work resolves, one at a time; the schema's unique indexes, foreign keys, NOT NULL
 * columns and uuid syntax; optimistic versions; rows copied in and out.
 */
export function createInMemoryUnitOfWork(): InMemoryUnitOfWork {
  const store = new Store();
  const autocommit: Access = {
    read: async (statement) => statement(new View(store)),
    write: (statement) => store.autocommit(statement),
  };
  return {
    transaction: (work) =>
      store.transaction((view) => {
        const bound = async <T>(statement: (v: View) => T) => statement(view);
        return work(repositories({ read: bound, write: bound }));
      }),
    read: repositories(autocommit),
    dumpRows: () =>
      tableNames.flatMap((table) =>
        [...store.committed[table].values()].map((row) => ({
          table,
          row: fromStored(tableMeta[table], row),
        })),
      ),
  };
}
