import { issueReflectionPrompt } from '../../../src/use-cases/reflections/issue-reflection-prompt.js';
import type { manualClock } from '../../support/core-deps.js';
import type { SlackHarness } from './slack-harness.js';
import { click, controlsIn, findControl, localTime } from './slack-walk.js';

const DAY = 86_400_000;

export interface CoachingEngagement {
  engagementId: string;
  /** The client's DM with Triad. */
  dm: string;
  sponsorChannel(): string;
  coachingChannel(): string;
  meetingId(kind: string): Promise<string>;
  /** Issues this week's reflection prompt, as the prompt job would, and delivers it. */
  issuePrompt(): Promise<void>;
}

/**
 * HR starts an engagement with one coach; the client schedules the kickoff and the alignment meeting with the
 * pickers and each is marked held after its time: the engagement is in coaching.
 */
export async function startCoaching(
  h: SlackHarness,
  clock: ReturnType<typeof manualClock>,
  people: { hr: string; client: string; sponsor: string; coach: string },
): Promise<CoachingEngagement> {
  await h.command(
    people.hr,
    `start client:<@${people.client}> sponsor:<@${people.sponsor}> coach:<@${people.coach}>`,
  );
  const [row] = await h.database.sql<{ id: string }[]>`
    select e.id from engagements e join people p on p.id = e.client_id where p.platform_user_id = ${people.client}`;
  const engagementId = row?.id ?? '';
  await h.drain();
  const dm = h.fake.conversations.imWith(people.client)?.id ?? '';
  const named = (kind: string) => () =>
    h.fake.conversations.all().find((c) => c.name.startsWith(`triad-${kind}-${engagementId.slice(0, 8)}`))
      ?.id ?? '';
  const sponsorChannel = named('sponsor');
  const meetingId = async (kind: string) =>
    (
      await h.database.sql<{ id: string }[]>`
        select id from meetings where engagement_id = ${engagementId} and kind = ${kind}`
    )[0]?.id ?? '';
  for (const kind of ['kickoff', 'alignment']) {
    const id = await meetingId(kind);
    const picker = [dm, sponsorChannel()]
      .flatMap((where) => controlsIn(h.fake.messagesIn(where)))
      .find((c) => c.actionId === 'meeting.schedule' && c.blockId?.endsWith(id));
    if (!picker) throw new Error(`no picker for the ${kind}`);
    await click(h, people.client, picker, localTime(clock.now(), 2, 11, 'Europe/London'));
    clock.advance(3 * DAY);
    await click(
      h,
      people.client,
      findControl(h, sponsorChannel(), 'meeting.held', (c) => c.value === id),
    );
  }
  return {
    engagementId,
    dm,
    sponsorChannel,
    coachingChannel: named('coaching'),
    meetingId,
    issuePrompt: async () => {
      const issued = await issueReflectionPrompt({ engagementId, dueAt: clock.now() }, h.deps.core);
      if (issued.outcome !== 'issued') throw new Error(`prompt ${issued.outcome}`);
      await h.drain();
    },
  };
}
