import { describe, expect, it } from 'vitest';
import { createLocalPlatform } from '../../adapters/local/local-platform.js';
import { createLocalSession } from '../../adapters/local/local-session.js';
import { directMessage } from '../../adapters/slack/listeners/events/direct-message.listener.js';
import { onMessage } from '../../adapters/teams/listeners/message.listener.js';
import type { Turn } from '../../adapters/teams/turn/turn.js';
import type { Platform } from '../../src/engagement/records.js';
import { draftGoal } from '../../src/use-cases/goals/draft-goal.js';
import { startEngagement } from '../../src/use-cases/hr/start-engagement.js';
import { createTestCore, type TestCore } from '../support/core-deps.js';

/**
 * The same direct messages typed on Slack, Teams and the local demo, each through its own adapter's entry point
 * (the Slack `message` listener, the Teams message handler, a local session) on the in-memory core. Each person
 * must get the same answer everywhere: one rule decides what a DM means (`routeDirectMessage`).
 *
 * Before that rule, Slack relayed an HR admin's DM towards a sponsor thread while Teams ran it as an HR command,
 * and Slack read `goals` from a sponsor as words for the sponsor thread: the HR and sponsor cases below fail there.
 */
const TENANT = 'T1';
const people = [
  ['UHR', 'Hana HR'],
  ['UCLIENT', 'Casey Client'],
  ['USPONSOR', 'Sam Sponsor'],
  ['UCOACH', 'Kim Coach'],
  ['USTRANGER', 'Sid Stranger'],
] as const;
type UserId = (typeof people)[number][0];

/** Types `text` as `userId` in their DM with Triad; returns everything that person was shown in answer. */
type Say = (userId: UserId, text: string) => Promise<string>;

async function engagementOn(platform: Platform): Promise<TestCore> {
  const core = createTestCore();
  for (const [platformUserId, displayName] of people) core.directory.add({ platformUserId, displayName });
  await startEngagement(
    {
      actor: { platform, tenantId: TENANT, platformUserId: 'UHR' },
      clientUserId: 'UCLIENT',
      sponsorUserId: 'USPONSOR',
      coachUserIds: ['UCOACH'],
    },
    core,
  );
  return core;
}

function slackDm(core: TestCore): Say {
  const shown: unknown[] = [];
  const client = {
    chat: {
      postEphemeral: async (args: unknown) => {
        shown.push(args);
        return { ok: true };
      },
    },
    conversations: { open: async () => ({ ok: true, channel: { id: 'D0DM' } }) },
    filesUploadV2: async (args: unknown) => {
      shown.push(args);
      return { ok: true };
    },
  };
  const listener = directMessage({ core, logger: core.logger });
  let ts = 0;
  return async (userId, text) => {
    ts += 1;
    const from = shown.length;
    const message = {
      type: 'message',
      channel: `D${userId}`,
      channel_type: 'im',
      user: userId,
      text,
      ts: `${ts}.0`,
    };
    await listener({ message, body: { team_id: TENANT }, client, context: {} } as never);
    return JSON.stringify(shown.slice(from));
  };
}

function teamsDm(core: TestCore): Say {
  let id = 0;
  return async (userId, text) => {
    id += 1;
    const shown: unknown[] = [];
    const activity = {
      type: 'message',
      id: `activity-${id}`,
      text,
      entities: [],
      from: { id: userId },
      recipient: { id: 'bot' },
      conversation: { id: `personal-${userId}`, conversationType: 'personal' },
    };
    const context = {
      activity,
      sendActivity: async (sent: unknown) => {
        shown.push(sent);
        return { id: `reply-${id}` };
      },
    };
    const turn = {
      context,
      deps: { core, connector: undefined as never },
      actor: { platform: 'teams', tenantId: TENANT, platformUserId: userId },
      address: { conversationId: activity.conversation.id, conversationType: 'personal' },
      personal: true,
      timeZone: undefined,
      directory: undefined as never,
      core,
    } as unknown as Turn;
    await onMessage(turn);
    return JSON.stringify(shown);
  };
}

function localDm(core: TestCore): Say {
  const platform = createLocalPlatform();
  const session = createLocalSession({
    platform,
    deps: core,
    tenantId: TENANT,
    resolveMention: (name) => people.find(([userId]) => userId === name.toUpperCase())?.[0],
  });
  return async (userId, text) => JSON.stringify((await session.run(userId, text)).shown);
}

const platforms: [Platform, (core: TestCore) => Say][] = [
  ['slack', slackDm],
  ['teams', teamsDm],
  ['local', localDm],
];

const relayDrafts = (core: TestCore) =>
  (core.uow as unknown as { dumpRows(): { row: unknown }[] })
    .dumpRows()
    .filter(({ row }) => JSON.stringify(row).includes('relay-draft:')).length;

describe.each(platforms)('a direct message on %s', (platform, open) => {
  const world = async () => {
    const core = await engagementOn(platform);
    return { core, say: open(core) };
  };

  it('from an HR admin who is neither client nor sponsor runs as an HR command', async () => {
    const { core, say } = await world();
    expect(await say('UHR', 'list')).toContain('Casey Client');
    expect(relayDrafts(core)).toBe(0);
  });

  it('from an HR admin is never offered for a sponsor thread: text that is no command is refused by the grammar', async () => {
    const { core, say } = await world();
    const shown = await say('UHR', 'Please tell Sam the kickoff moved.');
    expect(shown).toContain('know the command');
    expect(shown).not.toContain('Which sponsor thread');
    expect(relayDrafts(core)).toBe(0);
  });

  it('help from an HR admin lists the HR commands as they are typed in the DM', async () => {
    const { say } = await world();
    const shown = await say('UHR', 'help');
    expect(shown).toContain('What Triad does here');
    expect(shown).toContain('list — the engagements of your organisation');
  });

  it('from a sponsor waits for them to choose a sponsor thread and confirm', async () => {
    const { core, say } = await world();
    const shown = await say('USPONSOR', 'Looking forward to the kickoff.');
    expect(shown).toContain('Which sponsor thread is this for?');
    expect(shown).toContain('Casey Client');
    expect(relayDrafts(core)).toBe(1);
  });

  it('goals, from a sponsor, are the client’s word: refused, nothing offered for the sponsor thread', async () => {
    const { core, say } = await world();
    const shown = await say('USPONSOR', 'goals');
    expect(shown).toContain('You have no active coaching engagement.');
    expect(relayDrafts(core)).toBe(0);
  });

  it('goal, from the client, offers the goal form', async () => {
    const { say } = await world();
    expect(await say('UCLIENT', 'goal')).toContain('Draft a goal');
  });

  it('profile, from a coach, offers their profile form; from the client, it is refused', async () => {
    const { say } = await world();
    const shown = await say('UCOACH', 'profile');
    expect(shown).toContain(platform === 'slack' ? 'Edit your profile' : 'Short bio');
    expect(shown).not.toContain('private window');
    expect(await say('UCLIENT', 'profile')).toContain('Only the coach or HR can edit a coach’s profile.');
  });

  it('from someone with no part in an engagement says there is nothing to answer', async () => {
    const { say } = await world();
    const shown = await say('USTRANGER', 'hello?');
    expect(shown).toContain('Triad has nothing for you to answer here.');
    expect(await say('UCOACH', 'hello?')).toContain('Coaches talk with their clients in the coaching space.');
  });
});

describe('what only one platform does: its own rendering of the same outcome', () => {
  const canary = 'CANARY-goal-7f3a';
  const withGoal = async (platform: Platform) => {
    const core = await engagementOn(platform);
    const actor = { platform, tenantId: TENANT, platformUserId: 'UCLIENT' };
    await draftGoal({ actor, goal: `Delegate the roadmap ${canary}`, successMeasure: 'Two reviews' }, core);
    return core;
  };

  it('Slack answers HR’s start alone in the DM with where the start form opens (a modal needs a slash command)', async () => {
    const say = slackDm(await engagementOn('slack'));
    expect(await say('UHR', 'start')).toContain('The start form opens from the slash command.');
  });

  it('Slack shows goals ephemerally and uploads the export to the client’s DM as a file', async () => {
    const say = slackDm(await withGoal('slack'));
    expect(await say('UCLIENT', 'goals')).toContain(canary);
    const exported = JSON.parse(await say('UCLIENT', 'export')) as {
      channel_id?: string;
      filename?: string;
    }[];
    expect(exported[0]).toMatchObject({ channel_id: 'D0DM', filename: expect.stringMatching(/\.json$/) });
  });

  it('Slack uploads HR’s report to their own DM as a CSV file', async () => {
    const say = slackDm(await engagementOn('slack'));
    const shown = JSON.parse(await say('UHR', 'report')) as {
      channel_id?: string;
      filename?: string;
      file?: unknown;
    }[];
    expect(shown[0]).toMatchObject({
      channel_id: 'D0DM',
      filename: expect.stringMatching(/^triad-engagements-.*\.csv$/),
    });
    expect(JSON.stringify(shown[0]?.file)).not.toContain(canary);
  });

  it('Teams never puts them in a chat card: goals and the goal form open in a dialog, the export card holds none', async () => {
    const say = teamsDm(await withGoal('teams'));
    const goals = await say('UCLIENT', 'goals');
    expect(goals).toContain('view.goals');
    expect(goals).not.toContain(canary);
    expect(await say('UCLIENT', 'goal')).toContain('"actionId":"goal.draft"');
    // The export's card holds no private text (its file is downloaded, never posted in the chat).
    expect(await say('UCLIENT', 'export')).not.toContain(canary);
  });
});
