import { describe, expect, it } from 'vitest';
import { nextStage } from '../../src/engagement/lifecycle.js';
import type { EngagementStage } from '../../src/engagement/records.js';

describe('nextStage', () => {
  it.each<[EngagementStage, EngagementStage | null, EngagementStage]>([
    ['kickoff', null, 'cancelled'],
    ['coach_matching', null, 'cancelled'],
    ['alignment', null, 'cancelled'],
    ['coaching', null, 'closed'],
    ['closing', null, 'closed'],
    ['paused', 'kickoff', 'cancelled'],
    ['paused', 'alignment', 'cancelled'],
    ['paused', 'coaching', 'closed'],
    ['paused', 'closing', 'closed'],
  ])('ends an engagement at %s (paused at %s) as %s', (stage, pausedStage, expected) => {
    expect(nextStage({ stage, pausedStage, coachId: null }, 'end')).toBe(expected);
  });
});
