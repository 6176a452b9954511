import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InputIds, renderControls } from '../../../adapters/teams/render/controls.js';
import { DIALOG_ACTIONS } from '../../../adapters/teams/render/dialog-card.js';
import { needsDialog, type Reply } from '../../../adapters/teams/turn/respond.js';
import { opaque, words } from '../../../src/confidentiality/words.js';
import {
  type ActionId,
  actionIds,
  type ControlAnswer,
  runAction,
  runForm,
} from '../../../src/controls/controls.js';
import type { Actor } from '../../../src/use-cases/actor.js';
import type { DirectoryDeps } from '../../../src/use-cases/deps.js';
import { actors, triadIn } from '../../use-cases/client/triad-fixture.js';

/**
 * The dialog audit of issue 16: on Teams every control that shows or edits private text opens a dialog (task
 * module), whose card is fetched when it opens and kept in no chat. The test walks the control table, presses each
 * control as the person it is for in an engagement with private text in it (an answer, a goal, a release preview,
 * a coach's note, preparation notes), and looks at what the use case answers: a control whose answer holds private
 * text, or is a form for one person's private use (pre-filled or not), must be a dialog opener on Teams. Every id of the table
 * must be pressed here or named below with the reason it shows no private text: a control added later fails the
 * test until it is classified.
 */

/** Controls not pressed in the walk, and why they can show no private text. */
const NOT_PRESSED: Partial<Record<ActionId, string>> = {
  'coach.select': 'chooses a coach by id; answers with logistics (the coaching stage has begun here)',
  'chemistry.book': 'books an intro call: a time and names',
  'chemistry.move': 'moves an intro call: a time',
  'chemistry.cancel': 'cancels an intro call',
  'chemistry.held': 'marks an intro call held',
  'relay.choose': 'routes a typed message; the draft text stays in the sender’s own chat (history)',
  'relay.confirm': 'sends a relayed message the sender already typed in their own chat',
  'relay.cancel': 'drops a relay draft',
  'hr.digest.weekday': 'HR’s digest weekday: admin logistics',
  'hr.settings.edit': 'HR’s organisation settings form: admin logistics, no engagement content',
  'delivery.retry': 'HR retries failed deliveries: counts only',
  'release.withdraw': 'withdraws a release: the answer names no content (covered in the releases tests)',
  'release.cancel': 'cancels a release preview: the answer names no content',
  'assessment.insight':
    'opens the insight form for an assessment report; in DIALOG_ACTIONS (its report is HR’s)',
  'assessment.share_with_coach': 'shares a report with the coach: the answer names no content',
  'profile.edit': 'a coach’s public profile: not private text',
};

interface Press {
  actor: Actor;
  value: string;
  picked?: { localDateTime: string; timeZone: string };
}

const picked = { localDateTime: '2026-12-07T10:00', timeZone: 'Europe/London' };

/**
 * Whether an answer shows or edits private text, by Teams' own rule (`needsDialog`): a reply holding private text,
 * or a form for one person's private use (pre-filled with private text or not).
 */
function showsPrivateText(answer: ControlAnswer): boolean {
  return [answer.reply, answer.form].some((item) => item !== undefined && needsDialog(item as Reply));
}

/** How Teams renders a button with this id: its action's type and the `msteams` kind of its data. */
function renderedButton(actionId: ActionId) {
  const { actions } = renderControls(
    [{ type: 'button', actionId, label: words('Open'), value: opaque(randomUUID()) }],
    new InputIds(),
    randomUUID(),
  );
  const [action] = actions as { type?: string; data?: { msteams?: { type?: string } } }[];
  return { type: action?.type, msteams: action?.data?.msteams?.type };
}

describe('Teams dialogs for private text', () => {
  it('every control whose answer shows or edits private text is a dialog opener on Teams', async () => {
    const triad = await triadIn('coaching');
    const deps = triad.core as unknown as DirectoryDeps;
    const engagementId = triad.engagementId;
    const kickoff = await triad.scheduleMeeting('alignment', new Date('2026-12-10T10:00:00Z'));
    const session = await triad.scheduleMeeting('closing', new Date('2026-12-20T10:00:00Z'));
    const promptId = await triad.issue();
    const key = () => randomUUID();
    // Private text in every place a control can show it.
    await runForm(
      'reflection.answer',
      {
        actor: actors.client,
        context: { promptId },
        fields: { answer: 'a private answer' },
        requestKey: key(),
      },
      deps,
    );
    await runForm(
      'goal.draft',
      {
        actor: actors.client,
        context: { engagementId },
        fields: { goal: 'a private goal', successMeasure: 'a private measure' },
        requestKey: key(),
      },
      deps,
    );
    await runForm(
      'meeting.prepare.save',
      {
        actor: actors.client,
        context: { meetingId: kickoff.id },
        fields: { notes: 'private notes' },
        requestKey: key(),
      },
      deps,
    );
    const [goal] = await triad.core.uow.read.entries.listByEngagement(engagementId, 'goal');
    if (!goal) throw new Error('no goal was drafted');
    const preview = await runAction('release.preview', { actor: actors.client, value: goal.id }, deps);
    const [release] = await triad.core.uow.read.releases.listByEngagement(engagementId);

    const presses: Partial<Record<ActionId, Press>> = {
      'meeting.schedule': { actor: actors.client, value: kickoff.id, picked },
      'meeting.reschedule': { actor: actors.client, value: kickoff.id, picked },
      'meeting.cancel': { actor: actors.sponsor, value: kickoff.id },
      'meeting.held': { actor: actors.sponsor, value: kickoff.id },
      'meeting.link': { actor: actors.coach, value: kickoff.id },
      'meeting.prepare': { actor: actors.client, value: kickoff.id },
      'session.schedule': { actor: actors.coach, value: engagementId, picked },
      'session.move': { actor: actors.coach, value: session.id, picked },
      'session.cancel': { actor: actors.coach, value: session.id },
      'session.held': { actor: actors.coach, value: session.id },
      'session.notes': { actor: actors.coach, value: session.id },
      'session.notes.list': { actor: actors.coach, value: engagementId },
      'session.self_check': { actor: actors.coach, value: `${engagementId}:on` },
      'sponsor.expectations': { actor: actors.sponsor, value: engagementId },
      // Answering a prompt, and again once answered: editing the answer, the form pre-filled with it.
      'reflection.answer': { actor: actors.client, value: promptId },
      'reflection.snooze': { actor: actors.client, value: promptId },
      'reflection.skip': { actor: actors.client, value: promptId },
      'reflection.rhythm': { actor: actors.client, value: promptId },
      'reflection.share_with_coach': { actor: actors.client, value: promptId },
      'goal.draft': { actor: actors.client, value: engagementId },
      'goal.edit': { actor: actors.client, value: goal.id },
      'release.preview': { actor: actors.client, value: goal.id },
      'release.confirm': { actor: actors.client, value: release?.id ?? randomUUID() },
      'activity.sharing': { actor: actors.client, value: `${engagementId}:on` },
      'assessment.record': { actor: actors.coach, value: engagementId },
    };

    const unclassified = actionIds.filter((id) => !(id in presses) && !(id in NOT_PRESSED));
    expect(unclassified, 'each control is pressed here or named with its reason').toEqual([]);

    const privateText: ActionId[] = [];
    const pressedIds = actionIds.filter((id) => id in presses);
    // A form is the answer to a press before anything changes: private ones first, state-changing ones last.
    const order = (id: ActionId) => (/(cancel|held|skip|confirm|withdraw)$/.test(id) ? 1 : 0);
    for (const actionId of [...pressedIds].sort((a, b) => order(a) - order(b))) {
      const press = presses[actionId] as Press;
      const answer = await runAction(actionId, press, deps).catch(() => ({}) as ControlAnswer);
      if (showsPrivateText(answer)) privateText.push(actionId);
    }
    expect(showsPrivateText(preview)).toBe(true);

    // The controls the issue names, observed showing or editing private text here.
    expect(privateText).toEqual(
      expect.arrayContaining([
        'reflection.answer',
        'goal.draft',
        'goal.edit',
        'meeting.prepare',
        'release.preview',
        'assessment.record',
      ]),
    );
    const notDialogs = privateText.filter((id) => !DIALOG_ACTIONS.has(id));
    expect(notDialogs, 'controls that show private text but do not open a dialog on Teams').toEqual([]);
    for (const actionId of privateText) {
      expect(renderedButton(actionId), actionId).toEqual({ type: 'Action.Submit', msteams: 'task/fetch' });
    }
  });

  it('renders every dialog control as a task/fetch opener, and no other button as one', () => {
    for (const actionId of actionIds) {
      const rendered = renderedButton(actionId);
      if (DIALOG_ACTIONS.has(actionId)) {
        expect(rendered, actionId).toEqual({ type: 'Action.Submit', msteams: 'task/fetch' });
      } else {
        expect(rendered.msteams, actionId).toBeUndefined();
      }
    }
    expect([...DIALOG_ACTIONS].filter((id) => !(actionIds as readonly string[]).includes(id))).toEqual([]);
  });
});
