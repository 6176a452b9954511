import { describe, expect, it } from 'vitest';
import type { LocalPlatform, SeenLine } from '../../adapters/local/local-platform.js';
import type { LocalSession } from '../../adapters/local/local-session.js';
import { skippingDemoClock } from '../../bin/demo/demo-clock.js';
import { createDirector } from '../../bin/demo/director.js';
import { createTranscript } from '../../bin/demo/transcript.js';
import { words } from '../../src/confidentiality/words.js';

const kim = 'UKIM';
const line = (summary: string, buttons: { number: number; label: string }[]): SeenLine => ({
  at: new Date(),
  userId: kim,
  conversation: 'Triad',
  conversationKind: 'dm',
  summary,
  text: summary,
  controls: buttons.map(({ number, label }) => ({
    number,
    control: { type: 'button', actionId: 'session.notes', label: words(label), value: 'm1' as never },
  })),
});

/** A director over a platform that shows exactly `seen`, recording what was typed. */
function directorOver(seen: SeenLine[]) {
  const typed: string[] = [];
  const platform = { seen, seenBy: (userId: string) => seen.filter((l) => l.userId === userId) };
  const session = {
    run: async (_userId: string, text: string) => {
      typed.push(text);
      return { ok: true, shown: [] };
    },
  };
  const director = createDirector({
    platform: platform as unknown as LocalPlatform,
    session: session as unknown as LocalSession,
    transcript: createTranscript({ write: () => {} }),
    clock: skippingDemoClock(),
    waitMs: 100,
  });
  return { director, typed };
}

describe('the demo director', () => {
  it('presses the button on the message that carries it when a reply with the same summary came after it', async () => {
    const { director, typed } = directorOver([
      line('Coaching session held', [{ number: 7, label: 'My private notes (coach)' }]),
      line('Coaching session held', []),
    ]);

    await director.pressOn('coach', /^Coaching session held$/, 'My private notes (coach)');

    expect(typed).toEqual(['press 7']);
  });

  it('presses the latest such button, and says which button is missing when none is there', async () => {
    const { director, typed } = directorOver([
      line('Meeting planned', [{ number: 2, label: 'Pick a time' }]),
      line('Meeting planned', [{ number: 5, label: 'Pick a time' }]),
    ]);

    await director.pressOn('coach', /^Meeting planned$/, 'Pick a time');
    expect(typed).toEqual(['press 5']);
    await expect(director.pressOn('coach', /^Meeting planned$/, 'Cancel')).rejects.toThrow(
      'Kim Ito has no “Cancel” button on “^Meeting planned$”.',
    );
  });
});
