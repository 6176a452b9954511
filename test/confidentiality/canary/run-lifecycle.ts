import { composeHome } from '../../../src/use-cases/home/compose-home.js';
import { resumeEngagement } from '../../../src/use-cases/hr/resume-engagement.js';
import { selectCoach } from '../../../src/use-cases/matching/select-coach.js';
import { issueReflectionPrompt } from '../../../src/use-cases/reflections/issue-reflection-prompt.js';
import { nudgePrompt } from '../../../src/use-cases/reflections/nudge-prompt.js';
import { purgeExpiredEngagements } from '../../../src/use-cases/retention/purge-expired-engagements.js';
import { attempt, missingId, pickFrom } from './attempt.js';
import type { Command, E } from './commands.js';
import { holdMeeting } from './meetings.js';
import { runAdversaryCommand } from './run-adversary.js';
import { runOrganisationCommand } from './run-organisation.js';
import { runPeopleCommand } from './run-people.js';
import { actorFor, type World } from './world.js';

type LifecycleCommand = Exclude<
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
      | 'prepare'
      | 'assessment'
      | 'coachNote';
  }
>;

/** The next step an engagement needs to reach coaching, done by the right person — so runs get deep. */
async function progress(world: World, e: E, pick: number): Promise<void> {
  const engagement = await world.core.uow.read.engagements.get(world.engagementIds[e]);
  const deps = world.core;
  switch (engagement?.stage) {
    case 'kickoff':
      return holdMeeting(world, e, 'kickoff', pick % 2 ? 'client' : 'sponsor');
    case 'coach_matching': {
      const coachId = engagement.coachShortlist[pick % engagement.coachShortlist.length] ?? missingId;
      const actor = actorFor(world, 'client', e);
      await attempt(world, 'client', e, () =>
        selectCoach({ actor, engagementId: engagement.id, coachId }, deps),
      );
      return;
    }
    case 'alignment':
      return holdMeeting(world, e, 'alignment', 'client');
    case 'paused':
      await attempt(world, 'hr', e, () =>
        resumeEngagement(
          { actor: actorFor(world, 'hr', e), engagement: { kind: 'id', id: engagement.id } },
          deps,
        ),
      );
      return;
    case 'closing':
      return holdMeeting(world, e, 'closing', 'client');
    case 'closed':
    case 'cancelled':
      world.core.clock.advance(31 * 24 * 3600_000);
      await attempt(world, 'job', e, () => purgeExpiredEngagements({}, deps));
      return;
    default: {
      // Coaching: this week's prompt, then on to the next week; after a few weeks, sometimes the closing meeting.
      const prompts = await deps.uow.read.prompts.listByEngagement(world.engagementIds[e]);
      if (prompts.length >= 4 && pick % 4 === 0) return holdMeeting(world, e, 'closing', 'client');
      await attempt(world, 'job', e, () =>
        issueReflectionPrompt({ engagementId: world.engagementIds[e], dueAt: world.core.clock.now() }, deps),
      );
      world.core.clock.advance(7 * 24 * 3600_000);
    }
  }
}

/** HR, sponsor, meeting, session and scheduler commands (the other engineers' use cases and the jobs). */
export async function runLifecycleCommand(world: World, command: LifecycleCommand): Promise<void> {
  const deps = world.core;
  switch (command.t) {
    case 'progress':
      return progress(world, command.e, command.pick);
    case 'clock':
      world.core.clock.advance(command.hours * 3600_000);
      return;
    case 'issue':
      await attempt(world, 'job', command.e, () =>
        issueReflectionPrompt(
          { engagementId: world.engagementIds[command.e], dueAt: deps.clock.now() },
          deps,
        ),
      );
      return;
    case 'nudge': {
      const prompts = await deps.uow.read.prompts.listByEngagement(world.engagementIds[command.e]);
      await attempt(world, 'job', command.e, () =>
        nudgePrompt({ promptId: pickFrom(prompts, command.pick) }, deps),
      );
      return;
    }
    case 'purge':
      await attempt(world, 'job', 0, () => purgeExpiredEngagements({}, deps));
      return;
    case 'home':
      await attempt(
        world,
        command.who,
        command.e,
        () => composeHome({ actor: actorFor(world, command.who, command.e) }, deps),
        `home:${command.who}`,
      );
      return;
    case 'admins':
    case 'settings':
    case 'join':
      return runOrganisationCommand(world, command);
    case 'outage':
    case 'retry':
    case 'tamper':
    case 'start':
      return runAdversaryCommand(world, command);
    default:
      return runPeopleCommand(world, command);
  }
}
