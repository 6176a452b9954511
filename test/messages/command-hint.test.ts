import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { phraseText as localPhrase, renderMessageText } from '../../adapters/local/render-text.js';
import { renderMessage } from '../../adapters/slack/render/blocks.js';
import { partsToMrkdwn, partText as slackPartText } from '../../adapters/slack/render/text.js';
import { phraseText as teamsPhrase } from '../../adapters/teams/render/card-text.js';
import { renderMessageCard } from '../../adapters/teams/render/message-card.js';
import { type CommandHint, command, phrase, phraseParts } from '../../src/messages/command-hint.js';
import { describeError } from '../../src/messages/error-words.js';
import type { OutboundMessage } from '../../src/messages/message.js';
import { deserializePayload, serializePayload } from '../../src/messages/serialize.js';
import { pauseEngagement } from '../../src/use-cases/hr/pause-engagement.js';
import { startEngagement } from '../../src/use-cases/hr/start-engagement.js';
import { advanceTo, hr, startTriad } from '../use-cases/hr/triad-fixture.js';

const resume = command('resume', '1a2b3c4d');

describe('a command hint, in each platform’s words', () => {
  it.each<[CommandHint, string, string, string]>([
    [resume, '`/coaching resume 1a2b3c4d`', '“resume 1a2b3c4d”', '/coaching resume 1a2b3c4d'],
    [command('list'), '`/coaching list`', '“list”', '/coaching list'],
    [command('end', 'a1b2c3d4'), '`/coaching end a1b2c3d4`', '“end a1b2c3d4”', '/coaching end a1b2c3d4'],
    [
      command('goals'),
      'type `goals` in your DM with Triad',
      'type “goals” in your chat with Triad',
      'type goals in your DM with Triad',
    ],
    [
      command('export'),
      'type `export` in your DM with Triad',
      'type “export” in your chat with Triad',
      'type export in your DM with Triad',
    ],
  ])('%o', (hint, slack, teams, local) => {
    expect(partsToMrkdwn([hint])).toBe(slack);
    expect(teamsPhrase([hint])).toBe(teams);
    expect(localPhrase([hint])).toBe(local);
  });

  it('sits in a sentence as it is written, the text around it escaped as the platform needs', () => {
    const words = phrase`Resume <it> with ${resume}.`;
    expect(partsToMrkdwn(phraseParts(words))).toBe('Resume &lt;it&gt; with `/coaching resume 1a2b3c4d`.');
    expect(slackPartText(resume)).toBe('/coaching resume 1a2b3c4d');
    expect(teamsPhrase(words)).toBe('Resume <it> with “resume 1a2b3c4d”.');
    expect(localPhrase(words)).toBe('Resume <it> with /coaching resume 1a2b3c4d.');
  });

  it('survives the outbox’s JSON round trip as it was composed', () => {
    const parts = phraseParts(phrase`Resume it with ${resume}.`);
    const message = {
      audience: 'admin',
      destination: { kind: 'hr', personId: 'hr' },
      summary: { kind: 'logistics', text: 'Paused' },
      blocks: [{ type: 'context', text: parts }],
    } as unknown as OutboundMessage;
    const payload = deserializePayload(serializePayload({ type: 'message', message }));
    expect(payload).toEqual({ type: 'message', message });
  });

  it('a plain string is a phrase too', () => {
    expect(phraseParts('Try again.')).toEqual([{ kind: 'logistics', text: 'Try again.' }]);
    expect(teamsPhrase('Try again.')).toBe('Try again.');
  });
});

describe('the core’s hints, as each platform shows them', () => {
  it('HR’s pause reply names the resume command for that engagement', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    const short = t.engagementId.slice(0, 8);
    const { reply } = await pauseEngagement({ actor: hr, engagement: { kind: 'id', id: short } }, t.core);
    expect(reply.blocks.at(-1)).toEqual({
      type: 'context',
      text: [
        { kind: 'logistics', text: 'Resume it with ' },
        command('resume', short),
        { kind: 'logistics', text: '.' },
      ],
    });
    expect(JSON.stringify(renderMessage(reply))).toContain(`Resume it with \`/coaching resume ${short}\`.`);
    expect(JSON.stringify(renderMessageCard(reply))).toContain(`Resume it with “resume ${short}”.`);
    expect(renderMessageText(reply)).toContain(`Resume it with /coaching resume ${short}.`);
  });

  it('a second start for the same client names the live engagement to end or check', async () => {
    const t = await startTriad();
    const short = t.engagementId.slice(0, 8);
    const again = startEngagement(
      { actor: hr, clientUserId: 'UCLIENT', sponsorUserId: 'USPONSOR', coachUserIds: ['UCOACH1'] },
      t.core,
    );
    const error = await again.catch((e: unknown) => e);
    expect(describeError(error)?.hint).toEqual(
      phrase`End it first with ${command('end', short)}, or check it with ${command('status', short)}.`,
    );
    expect(localPhrase(describeError(error)?.hint ?? '')).toBe(
      `End it first with /coaching end ${short}, or check it with /coaching status ${short}.`,
    );
  });
});

/** Every file below `dir` (TypeScript sources). */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sources(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('the core speaks no platform', () => {
  it('no file in src/ writes a slash command: hints are structured and each platform words them', () => {
    const written = sources(join(import.meta.dirname, '../../src')).flatMap((path) =>
      readFileSync(path, 'utf8')
        .split('\n')
        .map((line, index) => ({ at: `${path}:${index + 1}`, line }))
        // `/coaching` as a command (not a path such as ../shared/coaching-space.js), outside comments.
        .filter(({ line }) => !/^\s*(\*|\/\*|\/\/)/.test(line))
        .filter(({ line }) => /\/coaching(?![-\w.])/.test(line))
        .map(({ at }) => at),
    );
    expect(written).toEqual([]);
  });
});
