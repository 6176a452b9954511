import { entryRow } from '../../../src/confidentiality/sealed-rows.js';
import { openInsightForm } from '../../../src/use-cases/assessments/insight-form.js';
import {
  offerAssessmentForm,
  openAssessmentForm,
} from '../../../src/use-cases/assessments/open-assessment-form.js';
import { recordAssessment } from '../../../src/use-cases/assessments/record-assessment.js';
import { shareReportWithCoach } from '../../../src/use-cases/assessments/share-report-with-coach.js';
import { writeInsight } from '../../../src/use-cases/assessments/write-insight.js';
import { attempt, pickFrom } from './attempt.js';
import type { Command } from './commands.js';
import { currentCoach, Leak } from './oracle.js';
import { actorFor, canaryPattern, hasHrRights, ownOf, tenantOf, type World } from './world.js';

type AssessmentCommand = Extract<Command, { t: 'assessment' }>;

/**
 * Assessments, by anyone: HR or a coach (or anyone else) records one for the client — or names someone who is not
 * the client — with canaries in its name and report, owned by the client (HR typed them, but reads them never
 * again, so HR is not their author for the oracle); the client shares a report with their coach, writes
 * insights from it (releasing them goes through the `preview` and `release` commands); forms are opened with
 * any id.
 */
export async function runAssessmentCommand(world: World, command: AssessmentCommand): Promise<void> {
  const { e, who } = command;
  const own = ownOf(e, command.other);
  const actor = actorFor(world, who, own);
  const engagementId = world.engagementIds[e];
  const read = world.core.uow.read;
  const deps = world.core;
  const run = <T>(call: () => Promise<T>) => attempt(world, who, own, call, `assessment:${command.op}`);
  const client = world.people.client[e];
  const clientText = (noise: string) => {
    const canary = world.nextCanary(e, client);
    return `${canary} ${noise} ${canary}`;
  };
  const reportId = async () =>
    pickFrom(await read.entries.listByEngagement(engagementId, 'assessment_report'), command.pick);
  switch (command.op) {
    case 'record': {
      const engagement = await read.engagements.get(engagementId);
      const forSomeoneElse = command.pick % 5 === 4;
      const recorded = await run(() =>
        recordAssessment(
          {
            actor,
            engagementId,
            clientId: (forSomeoneElse ? engagement?.sponsorId : engagement?.clientId) ?? '',
            name: clientText('Hogan'),
            provider: 'Hogan Assessments',
            administeredOn: '2026-11-20',
            ...(command.pick % 2 === 0 ? { link: 'https://reports.example.com/r/1' } : {}),
            report: clientText(command.noise),
          },
          deps,
        ),
      );
      if (recorded?.entryId) {
        if (forSomeoneElse) throw new Leak('a report for someone who is not the client was recorded');
        world.milestones.add('assessment recorded');
      }
      return;
    }
    case 'share': {
      const entryId = await reportId();
      const shared = await run(() => shareReportWithCoach({ actor, entryId }, deps));
      if (shared?.shared) {
        if (who !== 'client' || own !== e) throw new Leak(`the ${who} shared the client's report`);
        const coach = await currentCoach(world, e);
        if (!coach || hasHrRights(world, { ...actor, tenantId: tenantOf(e), platformUserId: coach }))
          throw new Leak(`a report was shared with ${coach ?? 'no coach'}`);
        const entry = await read.entries.get(entryId);
        const text = entry ? world.rawCipher.open(entry, entryRow(entry)) : '';
        const readers = world.sharedWith.get(coach) ?? new Set<string>();
        for (const canary of text.match(canaryPattern) ?? [])
          if (world.canaryOwner.get(canary) === e) readers.add(canary);
        world.sharedWith.set(coach, readers);
        world.milestones.add('report shared with coach');
      }
      return;
    }
    case 'insight': {
      const written = await run(async () =>
        writeInsight({ actor, reportId: await reportId(), text: clientText(command.noise) }, deps),
      );
      if (written && (who !== 'client' || own !== e)) throw new Leak(`the ${who} wrote the client's insight`);
      if (written) world.milestones.add('insight written');
      return;
    }
    case 'form':
      if (command.pick % 3 === 0) {
        await run(() => offerAssessmentForm({ actor, engagement: { kind: 'id', id: engagementId } }, deps));
      } else if (command.pick % 3 === 1) {
        await run(() => openAssessmentForm({ actor, engagementId }, deps));
      } else {
        await run(async () => openInsightForm({ actor, reportId: await reportId() }, deps));
      }
      return;
  }
}
