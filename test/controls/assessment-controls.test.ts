import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../adapters/slack/render/blocks.js';
import { readFormMetadata, renderForm } from '../../adapters/slack/render/form.js';
import { renderFormCard } from '../../adapters/teams/render/form-card.js';
import { renderMessageCard } from '../../adapters/teams/render/message-card.js';
import type { Gated } from '../../src/confidentiality/outbound-gate.js';
import { runAction, runForm } from '../../src/controls/controls.js';
import type { Form, OutboundMessage } from '../../src/messages/message.js';
import type { DirectoryDeps } from '../../src/use-cases/deps.js';
import { cardProblems } from '../adapters/teams/support/validate-card.js';
import { actors, triadIn } from '../use-cases/client/triad-fixture.js';

const report = 'CANARYCONTROLREPORT the full report CANARYCONTROLREPORT';

/** The values a Slack modal or a Teams card of this form carries back, read as each platform reads them. */
function slackContext(form: Gated<Form>) {
  return readFormMetadata(renderForm(form).private_metadata).c;
}

function teamsContext(form: Gated<Form>) {
  const card = JSON.stringify(renderFormCard(form));
  const submit = /"data":(\{"actionId":"form\.submit".*?\}\})/.exec(card)?.[1];
  return (JSON.parse(submit ?? '{}') as { context?: Record<string, string> }).context ?? {};
}

describe('assessments through the control table, rendered for Slack and Teams', () => {
  it('HR’s and the coach’s button opens the form; its submission delivers the report with the client’s buttons', async () => {
    const triad = await triadIn('coaching');
    const deps = triad.core as unknown as DirectoryDeps;
    const engagement = await triad.engagement();

    const opened = await runAction(
      'assessment.record',
      { actor: actors.coach, value: triad.engagementId },
      deps,
    );
    const form = opened.form as Gated<Form>;
    const modal = renderForm(form);
    expect(modal.callback_id).toBe('assessment.record');
    expect(JSON.stringify(modal.blocks)).toMatch(
      /"block_id":"name".*"block_id":"provider".*"block_id":"administeredOn".*"block_id":"link".*"block_id":"report"/,
    );
    const card = renderFormCard(form);
    expect(cardProblems(card)).toEqual([]);
    expect(slackContext(form)).toEqual({ engagementId: triad.engagementId, clientId: engagement.clientId });
    expect(teamsContext(form)).toEqual(slackContext(form));

    const fields = {
      name: 'Hogan HPI',
      provider: 'Hogan Assessments',
      administeredOn: '2026-11-20',
      link: '',
      report,
    };
    for (const [actor, context] of [
      [actors.coach, slackContext(form)],
      [actors.hr, teamsContext(form)],
    ] as const) {
      const answer = await runForm(
        'assessment.record',
        { actor, context, fields, requestKey: `k-${actor.platformUserId}` },
        deps,
      );
      expect(JSON.stringify(answer.reply)).not.toContain('CANARYCONTROLREPORT');
    }
    const reports = await triad.core.uow.read.entries.listByEngagement(
      triad.engagementId,
      'assessment_report',
    );
    expect(reports).toHaveLength(2);

    const delivered = (await triad.outboxTo('client_dm')).find(
      (m) => m.message.summary.text === 'Your assessment report is here',
    )?.message as Gated<OutboundMessage>;
    const slack = JSON.stringify(renderMessage(delivered));
    expect(slack).toContain('CANARYCONTROLREPORT');
    expect(slack).toMatch(/"action_id":"assessment\.insight"/);
    expect(slack).toMatch(/"action_id":"assessment\.share_with_coach"/);
    const teams = renderMessageCard(delivered);
    expect(cardProblems(teams)).toEqual([]);
    expect(JSON.stringify(teams)).toMatch(/"actionId":"assessment\.insight"/);
  });

  it('the client’s insight form and its saved reply render on both platforms', async () => {
    const triad = await triadIn('coaching');
    const deps = triad.core as unknown as DirectoryDeps;
    const engagement = await triad.engagement();
    await runForm(
      'assessment.record',
      {
        actor: actors.hr,
        context: { engagementId: triad.engagementId, clientId: engagement.clientId },
        fields: {
          name: 'MBTI',
          provider: 'Myers-Briggs Company',
          administeredOn: '2026-11-02',
          link: 'https://example.com/r/1',
        },
        requestKey: 'r1',
      },
      deps,
    );
    const [reportEntry] = await triad.core.uow.read.entries.listByEngagement(
      triad.engagementId,
      'assessment_report',
    );
    const reportId = reportEntry?.id ?? '';
    const opened = await runAction('assessment.insight', { actor: actors.client, value: reportId }, deps);
    const form = opened.form as Gated<Form>;
    expect(renderForm(form).callback_id).toBe('assessment.insight');
    expect(JSON.stringify(renderForm(form))).toContain('MBTI (Myers-Briggs Company), 2026-11-02');
    expect(cardProblems(renderFormCard(form))).toEqual([]);
    expect(teamsContext(form)).toEqual({ reportId });

    const saved = await runForm(
      'assessment.insight',
      {
        actor: actors.client,
        context: { reportId },
        fields: { insight: 'I recharge alone' },
        requestKey: 'i1',
      },
      deps,
    );
    const reply = saved.reply as Gated<OutboundMessage>;
    expect(JSON.stringify(renderMessage(reply))).toMatch(/"action_id":"release\.preview"/);
    expect(cardProblems(renderMessageCard(reply))).toEqual([]);

    const shared = await runAction(
      'assessment.share_with_coach',
      { actor: actors.client, value: reportId },
      deps,
    );
    expect(JSON.stringify(renderMessage(shared.reply as Gated<OutboundMessage>))).toContain(
      'in your coaching space',
    );
  });

  it.each([
    [
      'the sponsor presses the coach’s button',
      'assessment.record',
      'sponsor',
      'Only the coach or HR can record an assessment.',
    ],
    [
      'the coach opens the client’s insight form',
      'assessment.insight',
      'coach',
      'Only the client can write insights from their assessments.',
    ],
  ] as const)('refuses in words when %s', async (_case, actionId, role, message) => {
    const triad = await triadIn('coaching');
    const deps = triad.core as unknown as DirectoryDeps;
    const engagement = await triad.engagement();
    await runForm(
      'assessment.record',
      {
        actor: actors.hr,
        context: { engagementId: triad.engagementId, clientId: engagement.clientId },
        fields: { name: 'MBTI', provider: 'MBC', administeredOn: '2026-11-02', report },
        requestKey: 'r1',
      },
      deps,
    );
    const [entry] = await triad.core.uow.read.entries.listByEngagement(
      triad.engagementId,
      'assessment_report',
    );
    const value = actionId === 'assessment.record' ? triad.engagementId : (entry?.id ?? '');
    await expect(runAction(actionId, { actor: actors[role], value }, deps)).rejects.toMatchObject({
      message,
    });
  });
});
