import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID } from '../../adapters/teams/support/teams-fakes.js';
import { manualClock } from '../../support/core-deps.js';
import { inboundActivity } from '../../support/fake-bot-connector/index.js';
import { type Person, spokenActivity, startTeamsHarness, type TeamsHarness } from './teams-harness.js';

const OTHER_TENANT = '7c6b5a49-3827-4165-9efd-cba987654321';

let h: TeamsHarness;
let hr: Person;

beforeAll(async () => {
  h = await startTeamsHarness(manualClock(new Date()));
  hr = h.people.hr;
});

afterAll(async () => {
  await h?.close();
});

/** HR's `start` command, as it would arrive from HR's 1:1 chat in Teams, then altered by `change`. */
function forgedStart(change: (activity: Partial<Activity>) => void): Partial<Activity> {
  const activity = spokenActivity(
    h.teams.fake,
    h.people,
    hr,
    'start client:@jane sponsor:@sam coach:@kim',
    h.chatOf(hr),
  );
  change(activity);
  return activity;
}

const withoutConversationTenant = (activity: Partial<Activity>) => {
  activity.conversation = { ...activity.conversation, tenantId: undefined } as Activity['conversation'];
};

describe('/api/messages accepts only Teams activities of the tenant Triad serves', () => {
  it.each([
    [
      'a Web Chat activity with a forged from.id',
      (a: Partial<Activity>) => {
        a.channelId = 'webchat';
      },
    ],
    [
      'a Direct Line activity with a forged from.id',
      (a: Partial<Activity>) => {
        a.channelId = 'directline';
      },
    ],
    ['a Teams activity whose tenant is only in channelData', withoutConversationTenant],
    [
      'a Teams activity from another tenant (channelData claiming ours)',
      (a: Partial<Activity>) => {
        a.conversation = { ...a.conversation, tenantId: OTHER_TENANT } as Activity['conversation'];
      },
    ],
    [
      'a Teams activity whose channelData names another tenant than its conversation',
      (a: Partial<Activity>) => {
        a.channelData = { tenant: { id: OTHER_TENANT } };
      },
    ],
  ])('refuses %s with 403: nothing is done, nothing is sent, the log has ids only', async (_case, change) => {
    const before = await h.snapshot();
    const sent = h.teams.fake.activities.length;
    const logged = h.logLines.length;

    const result = await h.post(forgedStart(change));

    expect(result.status).toBe(403);
    expect(await h.snapshot()).toEqual(before);
    expect(h.teams.fake.activities.slice(sent)).toEqual([]);
    const lines = h.logLines.slice(logged).join('\n');
    expect(lines).toContain('teams activity refused');
    expect(lines).not.toContain('start client');
  });

  it('still refuses an invoke (a button) from another channel before any use case runs', async () => {
    const before = await h.snapshot();
    const activity = inboundActivity(h.teams.fake, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      conversationId: h.chatOf(hr).id,
      fromUserId: hr.user.id,
      botAppId: APP_ID,
      value: {
        action: { type: 'Action.Execute', verb: 'delivery.retry', data: { actionId: 'delivery.retry' } },
      },
    });
    activity.channelId = 'directline';

    const result = await h.post(activity);

    expect(result.status).toBe(403);
    expect(await h.snapshot()).toEqual(before);
  });

  it('accepts the same command from Teams in the configured tenant', async () => {
    const result = await h.post(forgedStart(() => undefined));

    expect(result.status).toBe(200);
    expect(await h.database.sql`select id from engagements`).toHaveLength(1);
  });
});
