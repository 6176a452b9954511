import { logistics, privatePart } from '../../confidentiality/parts.js';
import { releasedPart } from '../../confidentiality/release.js';
import { releaseRow } from '../../confidentiality/sealed-rows.js';
import { opaque, words } from '../../confidentiality/words.js';
import type { ActionId } from '../../controls/controls.js';
import { describeStage } from '../../engagement/lifecycle.js';
import type { Engagement, Meeting, MeetingKind, Person } from '../../engagement/records.js';
import { command, type Phrase, phrase, phraseParts } from '../../messages/command-hint.js';
import { goalActions } from '../../messages/compose/goal-replies.js';
import { reflectionActions } from '../../messages/compose/reflection-prompt.js';
import type { AdminMessage, Block, Button, PrivateMessage, SharedMessage } from '../../messages/message.js';
import { mayRead } from '../../policy/readers.js';
import type { Cipher } from '../../ports/cipher.js';
import type { Repositories } from '../../ports/repositories.js';
import { sharedEntryText } from '../assessments/assessment-content.js';

/** The client's switch for activity figures (reflection questions sent and answered) in status views. */
export const activitySharingAction = 'activity.sharing' satisfies ActionId;
export const activitySharingValue = (engagementId: string, on: boolean) =>
  opaque(engagementId, on ? 'on' : 'off');

/** At most this many items of one kind (released texts, shared reflections) per engagement on the home tab. */
export const HOME_ITEMS = 5;

const meetingNames: Record<MeetingKind, string> = {
  kickoff: 'Kickoff meeting',
  alignment: 'Sponsor alignment meeting',
  midpoint: 'Mid-point check-in',
  closing: 'Closing alignment meeting',
  session: 'Coaching session',
  chemistry: 'Intro call',
};

export interface HomeContext {
  repos: Repositories;
  cipher: Cipher;
  now: Date;
  viewer: Person;
}

const shortId = (engagement: Engagement) => engagement.id.slice(0, 8);

/** A date-time in the viewer's own zone, e.g. "Tue 1 Dec 2026, 09:00". */
export function inZone(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}

const section = (text: Phrase) => ({ type: 'section', text: phraseParts(text) }) as const;
const context = (text: string) => ({ type: 'context', text: [logistics(text)] }) as const;

function meetingLines(meetings: Meeting[], zone: string, withSessions: boolean): string {
  const shown = meetings
    .filter((m) => m.kind !== 'chemistry' && (withSessions || m.kind !== 'session'))
    .filter((m) => m.status === 'scheduled' || m.status === 'held')
    .sort((a, b) => (a.startsAt?.getTime() ?? 0) - (b.startsAt?.getTime() ?? 0));
  if (shown.length === 0) return 'No meetings scheduled yet.';
  return shown
    .map((m) => {
      const when = m.startsAt ? inZone(m.startsAt, zone) : 'time to be set';
      return `• ${meetingNames[m.kind]}: ${when}${m.status === 'held' ? ' (held)' : ''}`;
    })
    .join('\n');
}

function nextMeeting(meetings: Meeting[], now: Date, withSessions: boolean): Meeting | undefined {
  return meetings
    .filter(
      (m) =>
        m.kind !== 'chemistry' &&
        (withSessions || m.kind !== 'session') &&
        m.status === 'scheduled' &&
        m.startsAt,
    )
    .filter((m) => (m.startsAt as Date).getTime() > now.getTime())
    .sort((a, b) => (a.startsAt as Date).getTime() - (b.startsAt as Date).getTime())[0];
}

/** Released snapshots still live, newest first, as released parts (checked again by the gate). */
async function releasedBlocks(ctx: HomeContext, engagement: Engagement) {
  const releases = (await ctx.repos.releases.listByEngagement(engagement.id))
    .filter((r) => r.status === 'released' && r.ciphertext.length > 0)
    .sort((a, b) => (b.releasedAt?.getTime() ?? 0) - (a.releasedAt?.getTime() ?? 0))
    .slice(0, HOME_ITEMS);
  return releases.map((release) => ({
    type: 'section' as const,
    text: [
      releasedPart({
        releaseId: release.id,
        engagementId: engagement.id,
        text: ctx.cipher.open(release, releaseRow(release)),
        textHash: release.textHash ?? '',
      }),
    ],
  }));
}

const reply = <A extends 'private' | 'shared' | 'admin'>(
  audience: A,
  viewer: Person,
  engagementId?: string,
) => ({
  audience,
  destination: {
    kind: 'reply' as const,
    audience,
    personId: viewer.id,
    ...(engagementId ? { engagementId } : {}),
  },
});

export async function clientSection(
  ctx: HomeContext,
  engagement: Engagement,
  people: Map<string, Person>,
): Promise<PrivateMessage> {
  const zone = ctx.viewer.timeZone;
  const meetings = await ctx.repos.meetings.listByEngagement(engagement.id);
  const next = nextMeeting(meetings, ctx.now, true);
  const prompts = await ctx.repos.prompts.listByEngagement(engagement.id);
  const pending = prompts.filter((p) => p.status === 'sent' || p.status === 'snoozed').at(-1);
  const buttons: Button[] = [
    ...(pending
      ? [
          {
            type: 'button' as const,
            actionId: reflectionActions.answer,
            label: words('Answer this week’s question'),
            value: opaque(pending.id),
          },
        ]
      : []),
    {
      type: 'button',
      actionId: goalActions.draft,
      label: words('Draft a goal'),
      value: opaque(engagement.id),
    },
  ];
  const sharing = (await ctx.repos.consents.listByEngagement(engagement.id)).some(
    (c) => c.kind === 'activity_sharing' && c.withdrawnAt === null,
  );
  buttons.push({
    type: 'button',
    actionId: activitySharingAction,
    label: words(sharing ? 'Stop sharing my activity figures' : 'Share my activity figures'),
    value: activitySharingValue(engagement.id, !sharing),
  });
  const coach = engagement.coachId ? people.get(engagement.coachId)?.displayName : undefined;
  const released = await releasedBlocks(ctx, engagement);
  const blocks: Block[] = [
    { type: 'header', text: words('Your coaching') },
    section(
      `Stage: ${describeStage(engagement.stage)} · ${engagement.weeks} weeks · sponsor ${people.get(engagement.sponsorId)?.displayName ?? 'unknown'} · ${coach ? `coach ${coach}` : 'coach not chosen yet'}`,
    ),
    section(
      next
        ? `Next: ${meetingNames[next.kind]} on ${inZone(next.startsAt as Date, zone)} (your time).`
        : 'Next: no meeting scheduled yet.',
    ),
    section(
      pending
        ? 'A reflection prompt is waiting for you in your DM with Triad.'
        : 'No reflection prompt waiting.',
    ),
    { type: 'actions', elements: buttons },
    section(
      released.length > 0
        ? 'What you have shared with your sponsor:'
        : 'You have not shared anything with your sponsor.',
    ),
    ...released,
    context(
      `Only you see this section. Activity figures (how many weekly questions you were sent and answered) are ${sharing ? 'shown' : 'not shown'} to HR.`,
    ),
  ];
  return { ...reply('private', ctx.viewer, engagement.id), summary: words('Your coaching'), blocks };
}

export async function coachSection(
  ctx: HomeContext,
  engagement: Engagement,
  people: Map<string, Person>,
): Promise<PrivateMessage> {
  const client = people.get(engagement.clientId)?.displayName ?? 'your client';
  const meetings = await ctx.repos.meetings.listByEngagement(engagement.id);
  const next = nextMeeting(meetings, ctx.now, true);
  // Exactly what was shared with this coach: the entry's readers, never "whatever was shared with a coach".
  const shared = (await ctx.repos.entries.listByEngagement(engagement.id))
    .filter(
      (entry) =>
        entry.sharedWithCoachAt !== null &&
        entry.authorId === engagement.clientId &&
        mayRead(ctx.viewer.id, entry),
    )
    .sort((a, b) => (b.sharedWithCoachAt?.getTime() ?? 0) - (a.sharedWithCoachAt?.getTime() ?? 0))
    .slice(0, HOME_ITEMS);
  const items: Block[] = shared.map((entry) => ({
    type: 'section',
    text: [privatePart(sharedEntryText(ctx.cipher, entry), engagement.id, entry.readers)],
  }));
  const blocks: Block[] = [
    { type: 'header', text: words(`Coaching ${client}`) },
    section(
      `Stage: ${describeStage(engagement.stage)}. ${next ? `Next: ${meetingNames[next.kind]} on ${inZone(next.startsAt as Date, ctx.viewer.timeZone)} (your time).` : 'No meeting scheduled yet.'}`,
    ),
    section(
      items.length > 0
        ? `What ${client} shared with you:`
        : `${client} has not shared anything with you yet.`,
    ),
    ...items,
    context(`Only you and ${client} see what is shared here.`),
  ];
  return { ...reply('private', ctx.viewer, engagement.id), summary: words(`Coaching ${client}`), blocks };
}

export async function sponsorSection(
  ctx: HomeContext,
  engagement: Engagement,
  people: Map<string, Person>,
): Promise<SharedMessage> {
  const client = people.get(engagement.clientId)?.displayName ?? 'the client';
  const meetings = await ctx.repos.meetings.listByEngagement(engagement.id);
  const released = await releasedBlocks(ctx, engagement);
  const blocks: SharedMessage['blocks'][number][] = [
    { type: 'header', text: words(`Sponsoring ${client}`) },
    section(`Stage: ${describeStage(engagement.stage)} · ${engagement.weeks} weeks`),
    section(`Meetings (your time):\n${meetingLines(meetings, ctx.viewer.timeZone, false)}`),
    section(
      released.length > 0
        ? `What ${client} chose to share with you:`
        : `${client} has not shared anything yet.`,
    ),
    ...released,
  ];
  return { ...reply('shared', ctx.viewer, engagement.id), summary: words(`Sponsoring ${client}`), blocks };
}

export async function hrSection(
  ctx: HomeContext,
  engagements: Engagement[],
  people: Map<string, Person>,
): Promise<AdminMessage> {
  const rows: string[] = [];
  for (const engagement of engagements) {
    const meetings = await ctx.repos.meetings.listByEngagement(engagement.id);
    const next = nextMeeting(meetings, ctx.now, false);
    const end = engagement.startedAt.getTime() + engagement.weeks * 7 * 86_400_000;
    const daysLeft = Math.max(0, Math.ceil((end - ctx.now.getTime()) / 86_400_000));
    rows.push(
      `• ${shortId(engagement)} · ${people.get(engagement.clientId)?.displayName ?? 'client'} · ${describeStage(engagement.stage)} · ${engagement.coachId ? 'coach assigned' : 'no coach yet'} · ${next ? `next ${meetingNames[next.kind].toLowerCase()} ${inZone(next.startsAt as Date, ctx.viewer.timeZone)}` : 'no meeting scheduled'} · ${daysLeft} days left`,
    );
  }
  const blocks: AdminMessage['blocks'][number][] = [
    { type: 'header', text: words('Engagements you run') },
    section(
      rows.length > 0
        ? rows.join('\n')
        : phrase`No live engagements that you started. Start one with ${command('start')}.`,
    ),
    context('Lifecycle status only. Coaching content is never shown to HR.'),
  ];
  return { ...reply('admin', ctx.viewer), summary: words('Engagements you run'), blocks };
}
