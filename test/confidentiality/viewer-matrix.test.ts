import { describe, expect, it } from 'vitest';
import { runLocalMatrix } from './viewer-matrix/local-driver.js';
import { allViewers, expectedItems, seenItems, visibleItems } from './viewer-matrix/matrix.js';
import { runSlackMatrix } from './viewer-matrix/slack-driver.js';
import { runTeamsMatrix } from './viewer-matrix/teams-driver.js';

/**
 * Issue 12's viewer matrix: every kind of private item × every viewer × every read path, compared with the
 * policy table in viewer-matrix/matrix.ts. On a mismatch the message lists, per viewer, each item they saw and
 * the read paths that showed it. Through the core and the local adapter, a second organisation's people are
 * viewers too — its HR admins, sponsor and coach, and Kim, A's coach, in her role in B (issue 14): none of
 * them reads any of A's items. On Slack the same, through the real adapter in distribution mode: A and B install
 * Triad through OAuth, Kim acts in B from her own team (Slack Connect), every viewer also presses every id and
 * submits every form of the other organisation, and neither organisation's requests change the other's rows. On
 * Teams likewise: one MultiTenant Triad, tenants A and B allowed, Kim an external member of B's chats.
 */
describe('the viewer matrix', () => {
  it('core and local adapter, two organisations: each viewer sees exactly the items the policy lets them read', async () => {
    const observed = await runLocalMatrix();
    const seen = seenItems(observed, allViewers);
    expect(seen, JSON.stringify(visibleItems(observed, allViewers), null, 2)).toEqual(
      expectedItems(allViewers),
    );
  }, 60_000);

  it('Slack, two workspaces installed through OAuth, Kim in both through Slack Connect: each viewer sees exactly the items the policy lets them read, and neither organisation changes the other', async () => {
    const { observed, changed } = await runSlackMatrix();
    const seen = seenItems(observed, allViewers);
    expect(seen, JSON.stringify(visibleItems(observed, allViewers), null, 2)).toEqual(
      expectedItems(allViewers),
    );
    expect(changed).toEqual([]);
  }, 360_000);

  it('Teams, two allowed tenants, Kim an external member of B’s chats: each viewer sees exactly the items the policy lets them read, and neither organisation changes the other', async () => {
    const { observed, changed } = await runTeamsMatrix();
    const seen = seenItems(observed, allViewers);
    expect(seen, JSON.stringify(visibleItems(observed, allViewers), null, 2)).toEqual(
      expectedItems(allViewers),
    );
    expect(changed).toEqual([]);
  }, 420_000);
});
