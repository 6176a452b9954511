import { listMyGoals } from '../../src/use-cases/goals/list-my-goals.js';
import { previewRelease } from '../../src/use-cases/releases/preview-release.js';
import { LocalInputError } from './local-errors.js';
import type { Shortcut } from './local-shortcuts.js';
import { controlsOf } from './render-text.js';

/** `preview 2`: the preview of the client's second goal (as listed by `goals`); `release`: confirm it. */
export const releaseShortcuts: Readonly<Record<string, Shortcut>> = {
  async preview(text, ctx) {
    const wanted = Number(text.trim() || '1');
    const { reply } = await listMyGoals({ actor: ctx.actor, surface: 'client_dm' }, ctx.deps);
    const previews = controlsOf(reply.blocks).flatMap((c) =>
      c.type === 'button' && c.actionId === 'release.preview' ? [c] : [],
    );
    const chosen = Number.isInteger(wanted) ? previews[wanted - 1] : undefined;
    if (!chosen) {
      throw new LocalInputError(
        previews.length === 0 ? 'You have no goals to share yet.' : `You have ${previews.length} goal(s).`,
        'Type `goals` to see them, then `preview <number>`.',
      );
    }
    return previewRelease({ actor: ctx.actor, entryId: chosen.value }, ctx.deps);
  },
  release: (_text, ctx) => ctx.press('Share it'),
};
