import { describe, expect, it } from 'vitest';
import { privateEntries } from '../../db/schema/content.table.js';
import { engagements, spaces } from '../../db/schema/engagement.table.js';
import { meetings } from '../../db/schema/meeting.table.js';
import { organisations } from '../../db/schema/organisation.table.js';
import {
  cadences,
  engagementStages,
  meetingKinds,
  platforms,
  privateEntryKinds,
} from '../../src/engagement/records.js';
import { spaceKinds } from '../../src/messages/message.js';

/** The database accepts exactly the values the core knows: one list each, read by the schema. */
describe('the schema reads the core’s lists', () => {
  it.each([
    ['engagements.stage', engagements.stage.enumValues, engagementStages],
    ['engagements.paused_stage', engagements.pausedStage.enumValues, engagementStages],
    ['engagements.cadence', engagements.cadence.enumValues, cadences],
    ['organisations.platform', organisations.platform.enumValues, platforms],
    ['spaces.platform', spaces.platform.enumValues, platforms],
    ['spaces.kind', spaces.kind.enumValues, spaceKinds],
    ['meetings.kind', meetings.kind.enumValues, meetingKinds],
    ['private_entries.kind', privateEntries.kind.enumValues, privateEntryKinds],
  ])('%s', (_column, values, list) => {
    expect(values).toEqual([...list]);
  });
});
