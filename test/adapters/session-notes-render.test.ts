import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../adapters/slack/render/blocks.js';
import { readFormMetadata, readFormValues, renderForm } from '../../adapters/slack/render/form.js';
import { readCardAction } from '../../adapters/teams/render/card-data.js';
import { DIALOG_ACTIONS } from '../../adapters/teams/render/dialog-card.js';
import { formFieldValue, renderFormCard } from '../../adapters/teams/render/form-card.js';
import { renderMessageCard } from '../../adapters/teams/render/message-card.js';
import { isActionId, isFormId, runAction, runForm } from '../../src/controls/controls.js';
import { markSessionHeld } from '../../src/use-cases/sessions/mark-session-held.js';
import { scheduleSession } from '../../src/use-cases/sessions/schedule-session.js';
import { readOutbox } from '../support/outbox-reader.js';
import { advanceTo, client, coach1, londonLocal, startTriad } from '../use-cases/hr/triad-fixture.js';
import { cardProblems } from './teams/support/validate-card.js';

const NOTE = 'CANARYRENDERNOTEZ she named the fear';

/** A held session, the coaching-space message about it, and the coach's note form opened from its button. */
async function heldWithForm() {
  const t = await startTriad();
  await advanceTo(t, 'coaching');
  const { meetingId } = await scheduleSession(
    {
      actor: coach1,
      engagementId: t.engagementId,
      localDateTime: londonLocal(10),
      timeZone: 'Europe/London',
    },
    t.core,
  );
  const meeting = await t.core.uow.read.meetings.get(meetingId);
  t.core.clock.set(new Date((meeting?.startsAt?.getTime() ?? 0) + 3600_000));
  await markSessionHeld({ actor: coach1, meetingId }, t.core);
  const rows = await readOutbox(t.core, t.engagementId);
  const held = rows.find((r) => r.key === `meeting:${meetingId}:held`)?.message;
  const question = rows.find((r) => r.key === `meeting:${meetingId}:action-question`)?.message;
  if (!held || !question) throw new Error('no held message or question');
  return { t, meetingId, held, question };
}

/** Every action id and value a rendered Slack message or Teams card carries. */
function controlsIn(rendered: unknown): { actionId: string; value: unknown }[] {
  const found: { actionId: string; value: unknown }[] = [];
  JSON.stringify(rendered, (_key, value) => {
    if (value && typeof value === 'object') {
      if (typeof value.action_id === 'string') found.push({ actionId: value.action_id, value: value.value });
      if (value.data && typeof value.data.actionId === 'string')
        found.push({ actionId: value.data.actionId, value: value.data.value });
    }
    return value;
  });
  return found;
}

describe('session notes and the question after a session, rendered through the control table', () => {
  it('Slack: the held message’s notes button runs the control table; the modal saves the note back', async () => {
    const { t, meetingId, held, question } = await heldWithForm();
    const message = renderMessage(held as never);
    const notes = controlsIn(message).find((c) => c.actionId === 'session.notes');
    expect(notes).toEqual({ actionId: 'session.notes', value: meetingId });
    for (const { actionId } of [...controlsIn(message), ...controlsIn(renderMessage(question as never))])
      expect(isActionId(actionId), actionId).toBe(true);
    const opened = await runAction('session.notes', { actor: coach1, value: String(notes?.value) }, t.core);
    if (!opened.form) throw new Error('no form');
    const modal = renderForm(opened.form as never, { ch: 'C1' });
    expect(JSON.stringify(modal)).toContain('signals that we are not partnering');
    expect(isFormId(modal.callback_id)).toBe(true);
    const metadata = readFormMetadata(modal.private_metadata);
    const fields = readFormValues({ notes: { value: { type: 'plain_text_input', value: NOTE } } });
    await runForm(
      modal.callback_id,
      { actor: coach1, context: metadata.c, fields: { notes: String(fields.notes) }, requestKey: 'slack-1' },
      t.core,
    );
    const [entry] = await t.core.uow.read.entries.listByEngagement(t.engagementId, 'coach_note');
    expect(entry?.readers).toEqual([(await t.person('UCOACH1')).id]);
    // Opened again, the modal shows the coach's own note; the client pressing the same button is refused.
    const again = await runAction('session.notes', { actor: coach1, value: meetingId }, t.core);
    expect(JSON.stringify(renderForm(again.form as never))).toContain('CANARYRENDERNOTEZ');
    await expect(
      runAction('session.notes', { actor: client, value: meetingId }, t.core),
    ).rejects.toMatchObject({
      code: 'not_authorised',
    });
  });

  it('Teams: valid cards; the notes button opens a dialog; the card form submits the note back', async () => {
    const { t, meetingId, held, question } = await heldWithForm();
    const card = renderMessageCard(held as never, { outboxId: 'o-1' });
    expect(cardProblems(card)).toEqual([]);
    expect(cardProblems(renderMessageCard(question as never))).toEqual([]);
    expect(DIALOG_ACTIONS.has('session.notes')).toBe(true);
    const notes = controlsIn(card).find((c) => c.actionId === 'session.notes');
    const read = readCardAction({ actionId: 'session.notes', value: String(notes?.value) });
    if (!read.ok) throw new Error('card action not read');
    expect(isActionId(read.action.actionId)).toBe(true);
    const opened = await runAction(
      read.action.actionId,
      { actor: coach1, value: read.action.value ?? '' },
      t.core,
    );
    const formCard = renderFormCard(opened.form as never);
    expect(cardProblems(formCard)).toEqual([]);
    expect(JSON.stringify(formCard)).toContain('session.notes.save');
    const field = opened.form?.fields[0];
    if (!field) throw new Error('no field');
    const submitted = readCardAction({
      actionId: 'form.submit',
      formId: 'session.notes.save',
      context: { meetingId },
      notes: NOTE,
    });
    const inputs = submitted.ok ? submitted.action.inputs : {};
    await runForm(
      'session.notes.save',
      {
        actor: coach1,
        context: { meetingId },
        fields: { notes: formFieldValue(field, inputs) ?? '' },
        requestKey: 'teams-1',
      },
      t.core,
    );
    const again = await runAction('session.notes', { actor: coach1, value: meetingId }, t.core);
    expect(JSON.stringify(renderFormCard(again.form as never))).toContain('CANARYRENDERNOTEZ');
  });
});

describe('the partnering self-check in the coach’s DM, rendered', () => {
  it('is a valid Slack message and Teams card whose switch runs through the control table', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    await runAction('session.self_check', { actor: coach1, value: `${t.engagementId}:on` }, t.core);
    const { meetingId } = await scheduleSession(
      {
        actor: coach1,
        engagementId: t.engagementId,
        localDateTime: londonLocal(10),
        timeZone: 'Europe/London',
      },
      t.core,
    );
    const meeting = await t.core.uow.read.meetings.get(meetingId);
    t.core.clock.set(new Date((meeting?.startsAt?.getTime() ?? 0) + 3600_000));
    await markSessionHeld({ actor: client, meetingId }, t.core);
    const dm = (await readOutbox(t.core, t.engagementId)).find(
      (r) => r.key === `meeting:${meetingId}:self-check`,
    );
    if (!dm?.message) throw new Error('no self-check');
    const card = renderMessageCard(dm.message as never);
    expect(cardProblems(card)).toEqual([]);
    const controls = [...controlsIn(renderMessage(dm.message as never)), ...controlsIn(card)];
    expect(controls.map((c) => c.actionId)).toEqual(['session.self_check', 'session.self_check']);
    await runAction('session.self_check', { actor: coach1, value: String(controls[0]?.value) }, t.core);
    expect((await t.core.uow.read.spaces.find(t.engagementId, 'coaching'))?.coachSelfCheck).toBe(false);
  });
});
