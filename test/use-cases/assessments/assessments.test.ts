import { describe, expect, it } from 'vitest';
import { openInsightForm } from '../../../src/use-cases/assessments/insight-form.js';
import {
  offerAssessmentForm,
  openAssessmentForm,
} from '../../../src/use-cases/assessments/open-assessment-form.js';
import { recordAssessment } from '../../../src/use-cases/assessments/record-assessment.js';
import { shareReportWithCoach } from '../../../src/use-cases/assessments/share-report-with-coach.js';
import { writeInsight } from '../../../src/use-cases/assessments/write-insight.js';
import { exportMyData } from '../../../src/use-cases/client/export-my-data.js';
import { draftGoal } from '../../../src/use-cases/goals/draft-goal.js';
import { composeHome } from '../../../src/use-cases/home/compose-home.js';
import { reassignCoach } from '../../../src/use-cases/hr/reassign-coach.js';
import { openPreparationForm } from '../../../src/use-cases/preparation/open-preparation-form.js';
import { savePreparation } from '../../../src/use-cases/preparation/save-preparation.js';
import { confirmRelease } from '../../../src/use-cases/releases/confirm-release.js';
import { previewRelease } from '../../../src/use-cases/releases/preview-release.js';
import { withdrawRelease } from '../../../src/use-cases/releases/withdraw-release.js';
import { purgeExpiredEngagements } from '../../../src/use-cases/retention/purge-expired-engagements.js';
import { actorOf, actors, buttonsOf, type Role, textOf, triadIn } from '../client/triad-fixture.js';

const reportText = 'CANARYREPORTQ your strengths: strategic thinking CANARYREPORTQ';
const insightText = 'CANARYINSIGHTQ I decide too fast under pressure CANARYINSIGHTQ';

async function recorded(role: Role = 'hr', stage: Parameters<typeof triadIn>[0] = 'coaching') {
  const triad = await triadIn(stage);
  const engagement = await triad.engagement();
  const result = await recordAssessment(
    {
      actor: actors[role],
      engagementId: triad.engagementId,
      clientId: engagement.clientId,
      name: 'Hogan HPI',
      provider: 'Hogan Assessments',
      administeredOn: '2026-11-20',
      link: 'https://reports.example.com/r/123',
      report: reportText,
    },
    triad.core,
  );
  return { triad, engagement, entryId: result.entryId ?? '', result };
}

const everything = async (triad: Awaited<ReturnType<typeof triadIn>>) => JSON.stringify(triad.uow.dumpRows());

describe('recordAssessment', () => {
  it.each<[Role, string]>([
    ['hr', 'admin'],
    ['coach', 'private'],
  ])('the %s records it: the report, encrypted, reaches the client’s DM alone', async (role, audience) => {
    const { triad, engagement, entryId, result } = await recorded(role);
    const entry = await triad.core.uow.read.entries.get(entryId);
    expect(entry).toMatchObject({ kind: 'assessment_report', readers: [engagement.clientId] });
    expect(await everything(triad)).not.toContain('CANARYREPORTQ');
    const dm = await triad.outboxTo('client_dm');
    const delivered = dm.find((m) => m.message.summary.text === 'Your assessment report is here');
    expect(textOf(delivered?.message)).toContain(reportText);
    expect(textOf(delivered?.message)).toContain('https://reports.example.com/r/123');
    expect(textOf(delivered?.message)).toContain('Hogan HPI (Hogan Assessments), 2026-11-20');
    expect(buttonsOf(delivered?.message ?? {})).toEqual({
      'assessment.insight': entryId,
      'assessment.share_with_coach': entryId,
    });
    // The recorder is told where it went, never shown it; the sponsor space and the coaching space get nothing.
    expect(result.reply.audience).toBe(audience);
    expect(textOf(result.reply)).not.toContain('CANARYREPORTQ');
    expect(textOf(result.reply)).not.toContain('Hogan');
    for (const space of ['sponsor', 'coaching'] as const) {
      expect((await triad.outboxTo(space)).map((m) => m.json).join()).not.toContain('Hogan');
    }
  });

  it.each<[Role, string]>([
    ['client', 'not_authorised'],
    ['sponsor', 'not_authorised'],
    ['stranger', 'not_found'],
  ])('refuses the %s (%s) and changes nothing', async (role, code) => {
    const triad = await triadIn();
    const engagement = await triad.engagement();
    const before = await everything(triad);
    await expect(
      recordAssessment(
        {
          actor: actors[role],
          engagementId: triad.engagementId,
          clientId: engagement.clientId,
          name: 'Hogan',
          provider: 'Hogan',
          administeredOn: '2026-11-20',
          report: reportText,
        },
        triad.core,
      ),
    ).rejects.toMatchObject({ code });
    expect(await everything(triad)).toBe(before);
  });

  it('refuses a former coach after a reassignment', async () => {
    const triad = await triadIn();
    const engagement = await triad.engagement();
    await reassignCoach(
      { actor: actors.hr, engagement: { kind: 'id', id: triad.engagementId }, coachUserId: 'UCOACH2' },
      triad.core,
    );
    await expect(
      recordAssessment(
        {
          actor: actors.coach,
          engagementId: triad.engagementId,
          clientId: engagement.clientId,
          name: 'Hogan',
          provider: 'Hogan',
          administeredOn: '2026-11-20',
          report: reportText,
        },
        triad.core,
      ),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await triad.core.uow.read.entries.listByEngagement(triad.engagementId)).toHaveLength(0);
  });

  it('refuses a report for someone who is not the engagement’s client, and changes nothing', async () => {
    const triad = await triadIn();
    const engagement = await triad.engagement();
    const before = await everything(triad);
    await expect(
      recordAssessment(
        {
          actor: actors.hr,
          engagementId: triad.engagementId,
          clientId: engagement.sponsorId,
          name: 'Hogan',
          provider: 'Hogan',
          administeredOn: '2026-11-20',
          report: reportText,
        },
        triad.core,
      ),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      message: expect.stringContaining('not the client of this engagement'),
    });
    expect(await everything(triad)).toBe(before);
  });

  it.each([
    ['a link that is not https', { link: 'http://example.com/r' }, 'https://'],
    ['a link that is not a URL', { link: 'see the PDF' }, 'https://'],
    ['no report at all', { link: '', report: '  ' }, 'Give the report'],
    ['a date that is not YYYY-MM-DD', { administeredOn: '20/11/2026' }, 'YYYY-MM-DD'],
    ['a day that does not exist', { administeredOn: '2026-02-30' }, 'YYYY-MM-DD'],
    ['a date in the future', { administeredOn: '2027-06-01' }, 'in the future'],
    ['an empty name', { name: ' ' }, 'is empty'],
    ['a name over 120 characters', { name: 'x'.repeat(121) }, 'longer than 120'],
    ['a report over 3000 characters', { report: 'x'.repeat(3001) }, 'longer than 3000'],
  ])('refuses %s in words and changes nothing', async (_case, change, words) => {
    const triad = await triadIn();
    const engagement = await triad.engagement();
    const before = await everything(triad);
    await expect(
      recordAssessment(
        {
          actor: actors.hr,
          engagementId: triad.engagementId,
          clientId: engagement.clientId,
          name: 'Hogan',
          provider: 'Hogan',
          administeredOn: '2026-11-20',
          link: 'https://example.com/r',
          report: '',
          ...change,
        },
        triad.core,
      ),
    ).rejects.toMatchObject({ message: expect.stringContaining(words) });
    expect(await everything(triad)).toBe(before);
  });

  it('records a re-sent form once', async () => {
    const triad = await triadIn();
    const engagement = await triad.engagement();
    const input = {
      actor: actors.hr,
      engagementId: triad.engagementId,
      clientId: engagement.clientId,
      name: 'Hogan',
      provider: 'Hogan',
      administeredOn: '2026-11-20',
      report: reportText,
      requestKey: 'view-1',
    };
    await recordAssessment(input, triad.core);
    const again = await recordAssessment(input, triad.core);
    expect(again.duplicate).toBe(true);
    expect(await triad.core.uow.read.entries.listByEngagement(triad.engagementId)).toHaveLength(1);
  });
});

describe('offering and opening the recording form', () => {
  it('HR names the engagement by its client and gets the button that opens the form', async () => {
    const triad = await triadIn();
    const { reply } = await offerAssessmentForm(
      { actor: actors.hr, engagement: { kind: 'client', platformUserId: 'UCLIENT' } },
      triad.core,
    );
    expect(reply.audience).toBe('admin');
    expect(buttonsOf(reply)).toEqual({ 'assessment.record': triad.engagementId });
  });

  it('naming someone who is no engagement’s client is not found', async () => {
    const triad = await triadIn();
    await expect(
      offerAssessmentForm(
        { actor: actors.hr, engagement: { kind: 'client', platformUserId: 'USPONSOR' } },
        triad.core,
      ),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses the command to anyone without HR rights', async () => {
    const triad = await triadIn();
    await expect(
      offerAssessmentForm(
        { actor: actors.coach, engagement: { kind: 'client', platformUserId: 'UCLIENT' } },
        triad.core,
      ),
    ).rejects.toMatchObject({ code: 'not_authorised' });
  });

  it.each<[Role, string | undefined]>([
    ['hr', 'admin'],
    ['coach', 'private'],
    ['client', undefined],
    ['sponsor', undefined],
  ])('the form opens for the %s', async (role, audience) => {
    const triad = await triadIn();
    const engagement = await triad.engagement();
    const opening = openAssessmentForm({ actor: actors[role], engagementId: triad.engagementId }, triad.core);
    if (!audience) {
      await expect(opening).rejects.toMatchObject({
        code: 'not_authorised',
        message: 'Only the coach or HR can record an assessment.',
      });
      return;
    }
    const { form } = await opening;
    expect(form).toMatchObject({
      audience,
      formId: 'assessment.record',
      context: { engagementId: triad.engagementId, clientId: engagement.clientId },
    });
  });
});

describe('the client’s report', () => {
  it('reads on the coach’s home as the assessment’s title and link once shared, not as its stored form', async () => {
    const { triad, entryId } = await recorded();
    await shareReportWithCoach({ actor: actors.client, entryId }, triad.core);
    const { sections } = await composeHome({ actor: actors.coach }, triad.core);
    const home = sections.map((section) => textOf(section)).join('\n');
    expect(home).toContain('Hogan HPI (Hogan Assessments)');
    expect(home).not.toContain('"provider"');
  });

  it('is shared with the coach of the time only, the existing way entries are shared', async () => {
    const { triad, entryId } = await recorded();
    const coachId = (await triad.engagement()).coachId ?? '';
    const shared = await shareReportWithCoach({ actor: actors.client, entryId }, triad.core);
    expect(shared.shared).toBe(true);
    expect((await triad.core.uow.read.entries.get(entryId))?.readers).toContain(coachId);
    const coaching = await triad.outboxTo('coaching');
    expect(coaching.map((m) => textOf(m.message)).join()).toContain(reportText);
    const again = await shareReportWithCoach({ actor: actors.client, entryId }, triad.core);
    expect(again.shared).toBe(false);

    await reassignCoach(
      { actor: actors.hr, engagement: { kind: 'id', id: triad.engagementId }, coachUserId: 'UCOACH2' },
      triad.core,
    );
    const newCoach = (await triad.engagement()).coachId ?? '';
    expect((await triad.core.uow.read.entries.get(entryId))?.readers).not.toContain(newCoach);
  });

  it.each<Role>(['coach', 'sponsor', 'hr'])('only the client shares it: the %s is refused', async (role) => {
    const { triad, entryId } = await recorded();
    await expect(shareReportWithCoach({ actor: actors[role], entryId }, triad.core)).rejects.toMatchObject({
      code: 'not_authorised',
    });
  });
});

describe('insights', () => {
  it('the client writes one privately and releases it with preview → consent → withdraw', async () => {
    const { triad, entryId: reportId } = await recorded();
    const { form } = await openInsightForm({ actor: actors.client, reportId }, triad.core);
    expect(textOf(form)).toContain('Hogan HPI');
    const written = await writeInsight({ actor: actors.client, reportId, text: insightText }, triad.core);
    const insight = await triad.core.uow.read.entries.get(written.entryId);
    expect(insight).toMatchObject({ kind: 'assessment_insight', readers: [insight?.authorId] });
    expect(await everything(triad)).not.toContain('CANARYINSIGHTQ');
    expect(buttonsOf(written.reply)).toMatchObject({ 'release.preview': written.entryId });

    const sponsorText = async () => (await triad.outboxTo('sponsor')).map((m) => textOf(m.message)).join();
    const { releaseId, reply } = await previewRelease(
      { actor: actors.client, entryId: written.entryId },
      triad.core,
    );
    expect(textOf(reply)).toContain(`Insight from Hogan HPI:\n${insightText}`);
    expect(await sponsorText()).not.toContain('CANARYINSIGHTQ');
    await confirmRelease({ actor: actors.client, releaseId }, triad.core);
    expect(await sponsorText()).toContain(insightText);
    expect(await sponsorText()).not.toContain('CANARYREPORTQ');
    await withdrawRelease({ actor: actors.client, releaseId }, triad.core);
    const post = (await triad.outbox()).find((o) => o.entry.idempotencyKey === `release:${releaseId}:post`);
    expect(post?.entry.status).toMatch(/cancelled|retracted|sent/);
    expect((await triad.core.uow.read.releases.get(releaseId))?.status).toBe('withdrawn');
  });

  it.each<Role>(['coach', 'sponsor', 'hr'])(
    'only the client writes insights: the %s is refused',
    async (role) => {
      const { triad, entryId: reportId } = await recorded();
      await shareReportWithCoach({ actor: actors.client, entryId: reportId }, triad.core);
      await expect(
        writeInsight({ actor: actors[role], reportId, text: 'mine' }, triad.core),
      ).rejects.toMatchObject({ code: 'not_authorised' });
      expect(
        await triad.core.uow.read.entries.listByEngagement(triad.engagementId, 'assessment_insight'),
      ).toEqual([]);
    },
  );

  it('the report itself cannot be released to the sponsor', async () => {
    const { triad, entryId } = await recorded();
    await expect(previewRelease({ actor: actors.client, entryId }, triad.core)).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});

describe('alignment preparation, export and purge', () => {
  it('the preparation form offers the client their insights alongside their goals', async () => {
    const { triad, entryId: reportId } = await recorded('hr', 'alignment');
    const goal = await draftGoal(
      { actor: actors.client, goal: 'Delegate more', successMeasure: 'Team leads the plan' },
      triad.core,
    );
    const insight = await writeInsight({ actor: actors.client, reportId, text: insightText }, triad.core);
    const meeting = await triad.scheduleMeeting('alignment', new Date('2026-12-10T10:00:00Z'));
    const { form } = await openPreparationForm({ actor: actors.client, meetingId: meeting.id }, triad.core);
    expect(textOf(form)).toContain('Goal: Delegate more');
    expect(textOf(form)).toContain(`Insight from Hogan HPI:\n${insightText}`);
    const saved = await savePreparation(
      { actor: actors.client, meetingId: meeting.id, notes: 'present the insight' },
      triad.core,
    );
    const buttons = (
      saved.reply.blocks.at(-1) as unknown as { elements: { value: string; label: { text: string } }[] }
    ).elements;
    expect(buttons.map((b) => [b.label.text, b.value])).toEqual(
      expect.arrayContaining([
        ['Preview sharing goal 1', goal.entryId],
        ['Preview sharing insight 1', insight.entryId],
      ]),
    );
  });

  it('the client’s export holds the report and its insights; the purge deletes them', async () => {
    const { triad, entryId: reportId } = await recorded();
    await writeInsight({ actor: actors.client, reportId, text: insightText }, triad.core);
    const exported = await exportMyData({ actor: actors.client }, triad.core);
    const file = textOf(exported.reply.file);
    expect(file).toContain(reportText);
    expect(file).toContain(insightText);
    expect(file).toContain('Hogan Assessments');

    await triad.setStage('closed', {
      closedAt: triad.core.clock.now(),
      purgeAfter: new Date('2026-12-31T00:00:00Z'),
    });
    await purgeExpiredEngagements({ now: new Date('2027-01-01T00:00:00Z') }, triad.core);
    expect(await triad.core.uow.read.entries.listByEngagement(triad.engagementId)).toEqual([]);
    expect(await everything(triad)).not.toMatch(/CANARYREPORTQ|CANARYINSIGHTQ|Hogan/);
    const audit = await triad.core.uow.read.audit.listByEngagement(triad.engagementId);
    expect(audit.map((a) => a.action)).not.toContain('assessment_recorded');
  });

  it('a stranger cannot open the insight form with a report id', async () => {
    const { triad, entryId: reportId } = await recorded();
    await expect(
      openInsightForm({ actor: actorOf('USTRANGER'), reportId }, triad.core),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
