import { entryRow } from '../../../src/confidentiality/sealed-rows.js';
import type { PrivateEntry } from '../../../src/engagement/records.js';
import { exportMyData } from '../../../src/use-cases/client/export-my-data.js';
import { draftGoal } from '../../../src/use-cases/goals/draft-goal.js';
import { editGoal } from '../../../src/use-cases/goals/edit-goal.js';
import { listMyGoals } from '../../../src/use-cases/goals/list-my-goals.js';
import { openGoalForm } from '../../../src/use-cases/goals/open-goal-form.js';
import { openPreparationForm } from '../../../src/use-cases/preparation/open-preparation-form.js';
import { savePreparation } from '../../../src/use-cases/preparation/save-preparation.js';
import { answerFromPlainMessage } from '../../../src/use-cases/reflections/answer-from-plain-message.js';
import { answerPrompt } from '../../../src/use-cases/reflections/answer-prompt.js';
import { openAnswerForm } from '../../../src/use-cases/reflections/open-answer-form.js';
import { shareAnswerWithCoach } from '../../../src/use-cases/reflections/share-answer-with-coach.js';
import { skipPrompt } from '../../../src/use-cases/reflections/skip-prompt.js';
import { snoozePrompt } from '../../../src/use-cases/reflections/snooze-prompt.js';
import { cancelRelease } from '../../../src/use-cases/releases/cancel-release.js';
import { confirmRelease } from '../../../src/use-cases/releases/confirm-release.js';
import { previewRelease } from '../../../src/use-cases/releases/preview-release.js';
import { setActivitySharing } from '../../../src/use-cases/releases/set-activity-sharing.js';
import { withdrawRelease } from '../../../src/use-cases/releases/withdraw-release.js';
import { attempt, pickFrom } from './attempt.js';
import type { Command } from './commands.js';
import { currentCoach, Leak } from './oracle.js';
import {
  actorFor,
  canaryPattern,
  type E,
  firstPrivateText,
  hasHrRights,
  ownOf,
  tenantOf,
  type World,
} from './world.js';

type ClientCommand = Extract<
  Command,
  {
    t:
      | 'answer'
      | 'answerForm'
      | 'plain'
      | 'promptAction'
      | 'goal'
      | 'editGoal'
      | 'goalView'
      | 'preview'
      | 'release'
      | 'activity'
      | 'export'
      | 'prepare';
  }
>;

/** A private input: canaries at both ends, so a leak of any prefix or suffix is caught. */
function privateText(world: World, typedIn: E, author: string, noise: string, long = false): string {
  const canary = world.nextCanary(typedIn, author);
  return `${canary} ${long ? noise.padEnd(3100, '.') : noise} ${canary}`;
}

/** The text of a stored entry, or nothing when the adversary swapped its ciphertext. */
function openOrEmpty(world: World, entry: PrivateEntry): string {
  try {
    return world.rawCipher.open(entry, entryRow(entry));
  } catch {
    return '';
  }
}

/** The client's commands (and everyone else trying them): reflections, goals, releases, consent, export. */
export async function runClientCommand(world: World, command: ClientCommand): Promise<void> {
  const { e, who } = command;
  const own = ownOf(e, command.other);
  const actor = actorFor(world, who, own);
  const author = actor.platformUserId;
  const engagementId = world.engagementIds[e];
  const read = world.core.uow.read;
  const deps = world.core;
  const kind = 'op' in command ? `${command.t}:${command.op}` : command.t;
  const run = <T>(call: () => Promise<T>) => attempt(world, who, own, call, kind);
  const text = (noise: string, long = false) => privateText(world, own, author, noise, long);
  const confirm = async (releaseId: string) => {
    const confirmed = await attempt(
      world,
      who,
      own,
      () => confirmRelease({ actor, releaseId }, deps),
      'release:confirm',
    );
    if (confirmed?.released) {
      const preview = world.previews.get(releaseId);
      if (!preview) throw new Error('a release was confirmed without a preview');
      world.released.set(releaseId, preview);
    }
  };
  /** Usually a prompt in the state the command needs (open to answer, answered to share), sometimes any. */
  const promptId = async (pick: number, wanted?: readonly string[]) => {
    const prompts = await read.prompts.listByEngagement(engagementId);
    const fitting = prompts.filter((p) => wanted?.includes(p.status));
    return pickFrom(pick % 4 !== 3 && fitting.length > 0 ? fitting : prompts, pick);
  };
  switch (command.t) {
    case 'answer': {
      const answer = text(command.noise, command.long);
      await run(async () =>
        answerPrompt(
          { actor, promptId: await promptId(command.pick, ['sent', 'snoozed', 'answered']), text: answer },
          deps,
        ),
      );
      return;
    }
    case 'answerForm':
      await run(async () => openAnswerForm({ actor, promptId: await promptId(command.pick) }, deps));
      return;
    case 'plain':
      await run(() => answerFromPlainMessage({ actor, text: text(command.noise) }, deps));
      return;
    case 'promptAction': {
      const id = await promptId(command.pick, command.op === 'share' ? ['answered'] : ['sent']);
      if (command.op === 'snooze') await run(() => snoozePrompt({ actor, promptId: id }, deps));
      if (command.op === 'skip') await run(() => skipPrompt({ actor, promptId: id }, deps));
      if (command.op === 'share') {
        const shared = await run(() => shareAnswerWithCoach({ actor, promptId: id }, deps));
        if (shared?.shared) {
          // Only the client shares, and only with the coach they have now, who then (alone) may read it.
          if (who !== 'client' || own !== e) throw new Leak(`the ${who} shared the client's answer`);
          const coach = await currentCoach(world, e);
          if (!coach || hasHrRights(world, { ...actor, tenantId: tenantOf(e), platformUserId: coach }))
            throw new Leak(`an answer was shared with ${coach ?? 'no coach'}`);
          const entry = await read.entries.findBySubject(engagementId, 'reflection_answer', id);
          const answer = entry ? openOrEmpty(world, entry) : '';
          const readers = world.sharedWith.get(coach) ?? new Set<string>();
          for (const canary of answer.match(canaryPattern) ?? [])
            if (world.canaryOwner.get(canary) === e) readers.add(canary);
          world.sharedWith.set(coach, readers);
          world.milestones.add('shared with coach');
        }
      }
      return;
    }
    case 'goal': {
      const goal = text(command.noise, command.long);
      const successMeasure = text('measured by');
      await run(() => draftGoal({ actor, goal, successMeasure }, deps));
      return;
    }
    case 'editGoal': {
      const entryId = pickFrom(await read.entries.listByEngagement(engagementId, 'goal'), command.pick);
      const goal = text(command.noise);
      const successMeasure = text('edited measure');
      await run(() => editGoal({ actor, entryId, goal, successMeasure }, deps));
      return;
    }
    case 'goalView':
      if (command.op === 'list') await run(() => listMyGoals({ actor }, deps));
      else {
        const entryId = pickFrom(await read.entries.listByEngagement(engagementId, 'goal'), command.pick);
        await run(() => openGoalForm(command.pick % 3 === 0 ? { actor } : { actor, entryId }, deps));
      }
      return;
    case 'preview': {
      const entryId = pickFrom(await read.entries.listByEngagement(engagementId), command.pick);
      const previewed = await run(() => previewRelease({ actor, entryId }, deps));
      if (previewed) {
        const text = firstPrivateText(previewed.reply);
        if (text === undefined) throw new Error('a preview must show the exact text');
        world.previews.set(previewed.releaseId, { engagementId, text });
        if (command.thenConfirm) await confirm(previewed.releaseId);
      }
      return;
    }
    case 'release': {
      // Usually one in the state the command needs (a release in force to withdraw), sometimes any.
      const releases = await read.releases.listByEngagement(engagementId);
      const inForce = releases.filter((r) => r.status === 'released');
      const fitting = command.op === 'withdraw' && command.pick % 4 !== 3 && inForce.length > 0;
      const releaseId = pickFrom(fitting ? inForce : releases, command.pick);
      if (command.op === 'withdraw') world.milestones.add('withdraw tried');
      if (command.op === 'withdraw') await run(() => withdrawRelease({ actor, releaseId }, deps));
      if (command.op === 'cancel') await run(() => cancelRelease({ actor, releaseId }, deps));
      if (command.op === 'confirm') await confirm(releaseId);
      return;
    }
    case 'activity':
      await run(() => setActivitySharing({ actor, on: command.on }, deps));
      return;
    case 'prepare': {
      const meetings = await read.meetings.listByEngagement(engagementId);
      const meetingId = pickFrom(
        meetings.filter((m) => m.kind === command.kind),
        0,
      );
      if (command.op === 'form') await run(() => openPreparationForm({ actor, meetingId }, deps));
      else await run(() => savePreparation({ actor, meetingId, notes: text(command.noise) }, deps));
      return;
    }
    case 'export': {
      const exported = await run(() => exportMyData({ actor }, deps));
      if (exported && who !== 'client') throw new Error(`the ${who} received a data export`);
      return;
    }
  }
}
