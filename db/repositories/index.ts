import type { Repositories } from '../../src/ports/repositories.js';
import type { TriadDatabase } from '../client.js';
import { auditRepository } from './audit.repository.js';
import { coachInvitationRepository } from './coach-invitation.repository.js';
import { coachProfileRepository } from './coach-profile.repository.js';
import { consentRepository } from './consent.repository.js';
import { engagementRepository } from './engagement.repository.js';
import { heldDeliveryRepository } from './held-delivery.repository.js';
import { meetingRepository } from './meeting.repository.js';
import { organisationRepository } from './organisation.repository.js';
import { organisationAdminRepository } from './organisation-admin.repository.js';
import { outboxRepository } from './outbox.repository.js';
import { personRepository } from './person.repository.js';
import { presenceRecordRepository } from './presence-record.repository.js';
import { privateEntryRepository } from './private-entry.repository.js';
import { processedRequestRepository } from './processed-request.repository.js';
import { reflectionPromptRepository } from './reflection-prompt.repository.js';
import { releaseRepository } from './release.repository.js';
import { spaceRepository } from './space.repository.js';
import { spaceMemberRepository } from './space-member.repository.js';
import { tenantAccessRepository } from './tenant-access.repository.js';

/** Every repository on one drizzle database or transaction (postgres.js or PGlite). */
export function createRepositories(db: TriadDatabase): Repositories {
  return {
    organisations: organisationRepository(db),
    people: personRepository(db),
    engagements: engagementRepository(db),
    spaces: spaceRepository(db),
    spaceMembers: spaceMemberRepository(db),
    meetings: meetingRepository(db),
    prompts: reflectionPromptRepository(db),
    entries: privateEntryRepository(db),
    consents: consentRepository(db),
    releases: releaseRepository(db),
    outbox: outboxRepository(db),
    audit: auditRepository(db),
    processed: processedRequestRepository(db),
    coachProfiles: coachProfileRepository(db),
    organisationAdmins: organisationAdminRepository(db),
    tenantAccess: tenantAccessRepository(db),
    coachInvitations: coachInvitationRepository(db),
    heldDeliveries: heldDeliveryRepository(db),
    presenceRecords: presenceRecordRepository(db),
  };
}
