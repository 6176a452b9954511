import type { Actor } from '../../src/use-cases/actor.js';
import type { DirectoryDeps } from '../../src/use-cases/deps.js';
import { draftGoal } from '../../src/use-cases/goals/draft-goal.js';
import type { Answer } from './local-actions.js';
import { LocalInputError } from './local-errors.js';
import { releaseShortcuts } from './local-release-shortcuts.js';

/** What a shortcut may do for the person who typed it. */
export interface ShortcutContext {
  actor: Actor;
  deps: DirectoryDeps;
  /** Presses a button the person saw, by number or label (the latest one with that label). */
  press(ref: string, when?: string): Promise<Answer>;
  /** Fills in and sends the person's open form. */
  submit(values: readonly string[]): Promise<Answer>;
  /** Makes a form in `answer` the person's open form. */
  open(answer: Answer): Answer;
}

export type Shortcut = (text: string, ctx: ShortcutContext) => Promise<Answer | Answer[]>;

export const clientHelp = [
  'Client:',
  '  answer <text>              answer the latest question with the form (stored only in Triad)',
  '  goal <goal> | <measure>    draft a goal and how you will measure success, privately',
  '  share                      share your latest answer with your coach',
  '  preview <goal number>      see exactly what your sponsor would read; then `release`',
  '  release                    share what you just previewed with your sponsor',
  '  prepare <notes>            prepare privately for your next alignment meeting',
  'Sponsor:',
  '  expect <text>              share expectations in the sponsor thread',
].join('\n');

const needText = (text: string, example: string) => {
  if (!text.trim())
    throw new LocalInputError('Write something after the command.', `For example: ${example}`);
  return text.trim();
};

/**
 * Typed shortcuts for what a platform would do with a button and a form in two steps. Each presses the same
 * buttons and submits the same forms a person would, so the same use cases and checks run.
 */
export const clientCommands: Readonly<Record<string, Shortcut>> = {
  async answer(text, ctx) {
    const answerText = needText(text, 'answer I listened more than I spoke this week.');
    const opened = await ctx.press('Answer');
    return [opened, await ctx.submit([answerText])];
  },
  async goal(text, ctx) {
    const [goal = '', measure = ''] = needText(text, 'goal Delegate the roadmap | Two reviews run by my team')
      .split('|')
      .map((part) => part.trim());
    if (!measure) {
      throw new LocalInputError(
        'Give the goal and how you will measure success, separated by |.',
        'For example: goal Delegate the roadmap | Two reviews run by my team',
      );
    }
    return draftGoal({ actor: ctx.actor, goal, successMeasure: measure }, ctx.deps);
  },
  share: (_text, ctx) => ctx.press('Share with my coach'),
  async prepare(text, ctx) {
    const notes = needText(text, 'prepare Open with the two goals; ask Sam what support looks like.');
    const opened = await ctx.press('Prepare privately');
    return [opened, await ctx.submit([notes])];
  },
  async expect(text, ctx) {
    const expectations = needText(text, 'expect Alex leads the Q3 planning with less escalation.');
    const opened = await ctx.press('Share expectations');
    return [opened, await ctx.submit([expectations])];
  },
  ...releaseShortcuts,
};
