import { TriadError } from '../errors.js';
import type { Engagement, EngagementStage } from './records.js';

/**
 * The engagement lifecycle (DESIGN section 2) as an explicit state machine:
 * kickoff → coach_matching → alignment → coaching (optional mid-point) → closing → closed,
 * plus paused (remembers where it was) and cancelled. Terminal: closed, cancelled.
 */
export type LifecycleEvent =
  | 'kickoff_held'
  | 'coach_selected'
  | 'alignment_held'
  | 'closing_started'
  | 'closing_held'
  | 'pause'
  | 'resume'
  | 'end';

export const activeStages: readonly EngagementStage[] = [
  'kickoff',
  'coach_matching',
  'alignment',
  'coaching',
  'closing',
];
export const terminalStages: readonly EngagementStage[] = ['closed', 'cancelled'];

export const isTerminal = (stage: EngagementStage) => terminalStages.includes(stage);
export const isLive = (stage: EngagementStage) => !isTerminal(stage);

const stageWords: Record<EngagementStage, string> = {
  kickoff: 'kickoff',
  coach_matching: 'coach matching',
  alignment: 'sponsor alignment',
  coaching: 'coaching',
  closing: 'closing',
  closed: 'closed',
  paused: 'paused',
  cancelled: 'cancelled',
};

export const describeStage = (stage: EngagementStage): string => stageWords[stage];

/** The stage an event leads to, or a readable refusal. Pure: persistence is the use case's job. */
export function nextStage(
  engagement: Pick<Engagement, 'stage' | 'pausedStage' | 'coachId'>,
  event: LifecycleEvent,
) {
  const { stage } = engagement;
  const refuse = (why: string): never => {
    throw new TriadError('illegal_transition', why);
  };
  if (isTerminal(stage)) refuse(`This engagement is ${describeStage(stage)}; nothing more can change.`);
  switch (event) {
    case 'pause':
      if (stage === 'paused') refuse('This engagement is already paused.');
      return 'paused' as const;
    case 'resume':
      if (stage !== 'paused') refuse('Only a paused engagement can be resumed.');
      return engagement.pausedStage ?? 'kickoff';
    case 'end': {
      // Paused, it ends as the stage it was paused in would: closed once coaching was under way.
      const from = stage === 'paused' ? (engagement.pausedStage ?? 'kickoff') : stage;
      return (from === 'closing' || from === 'coaching' ? 'closed' : 'cancelled') as EngagementStage;
    }
  }
  if (stage === 'paused') refuse('This engagement is paused. Resume it first.');
  switch (event) {
    case 'kickoff_held':
      if (stage !== 'kickoff') refuse('The kickoff meeting has already been held.');
      return engagement.coachId ? 'alignment' : 'coach_matching';
    case 'coach_selected':
      if (stage !== 'coach_matching' && stage !== 'kickoff') refuse('The coach has already been chosen.');
      return stage === 'kickoff' ? 'kickoff' : 'alignment';
    case 'alignment_held':
      if (stage !== 'alignment')
        refuse('The sponsor alignment meeting can only be held after the coach is chosen.');
      return 'coaching';
    case 'closing_started':
      if (stage !== 'coaching') refuse('Closing starts once coaching is under way.');
      return 'closing';
    case 'closing_held':
      if (stage !== 'coaching' && stage !== 'closing')
        refuse('The closing meeting comes at the end of coaching.');
      return 'closed';
  }
}
