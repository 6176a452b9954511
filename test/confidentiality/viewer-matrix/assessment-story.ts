import type { Actor } from '../../../src/use-cases/actor.js';
import { recordAssessment } from '../../../src/use-cases/assessments/record-assessment.js';
import { shareReportWithCoach } from '../../../src/use-cases/assessments/share-report-with-coach.js';
import { writeInsight } from '../../../src/use-cases/assessments/write-insight.js';
import type { CoreDeps } from '../../../src/use-cases/deps.js';
import { confirmRelease } from '../../../src/use-cases/releases/confirm-release.js';
import { previewRelease } from '../../../src/use-cases/releases/preview-release.js';
import { withdrawRelease } from '../../../src/use-cases/releases/withdraw-release.js';
import { canaryOf } from './matrix.js';

/** The canary of an assessment item, planted twice: in the report's name (what forms show) and in its text. */
const planted = (item: 'assessmentReport' | 'insight' | 'withdrawnInsight') =>
  `${canaryOf(item)} written privately ${canaryOf(item)}`;

interface Steps {
  core: CoreDeps;
  engagementId: string;
  hr: Actor;
  client: Actor;
  /** Delivers what the outbox holds on the driver's platform. */
  deliver: () => Promise<void>;
}

/**
 * Story step 3b (before the reassignment): HR records an assessment whose report (assessmentReport) reaches the
 * client's DM; the client shares it with the coach of the time (the former coach).
 */
export async function reportSharedWithFormerCoach({ core, engagementId, hr, client, deliver }: Steps) {
  const engagement = await core.uow.read.engagements.get(engagementId);
  const recorded = await recordAssessment(
    {
      actor: hr,
      engagementId,
      clientId: engagement?.clientId ?? '',
      name: `Hogan ${canaryOf('assessmentReport')}`,
      provider: 'Hogan Assessments',
      administeredOn: '2026-11-20',
      report: planted('assessmentReport'),
    },
    core,
  );
  await deliver();
  await shareReportWithCoach({ actor: client, entryId: recorded.entryId ?? '' }, core);
  await deliver();
  return recorded.entryId ?? '';
}

/**
 * Story step 6b (after the reassignment): the client writes a private insight (insight), and another they release
 * to the sponsor and then withdraw (withdrawnInsight).
 */
export async function insightsWritten(steps: Steps, reportId: string) {
  const { core, client, deliver } = steps;
  await writeInsight({ actor: client, reportId, text: planted('insight') }, core);
  const withdrawn = await writeInsight({ actor: client, reportId, text: planted('withdrawnInsight') }, core);
  const preview = await previewRelease({ actor: client, entryId: withdrawn.entryId }, core);
  await confirmRelease({ actor: client, releaseId: preview.releaseId }, core);
  await deliver();
  await withdrawRelease({ actor: client, releaseId: preview.releaseId }, core);
  await deliver();
}
