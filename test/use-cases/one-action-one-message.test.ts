import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/messages/message.js';
import { reassignCoach } from '../../src/use-cases/hr/reassign-coach.js';
import { selectCoach } from '../../src/use-cases/matching/select-coach.js';
import { scheduleMeeting } from '../../src/use-cases/meetings/schedule-meeting.js';
import { type DecodedOutboxRow, messageText, readOutbox } from '../support/outbox-reader.js';
import {
  advanceTo,
  client,
  hr,
  londonLocal,
  sponsor,
  startTriad,
  type TriadFixture,
} from './hr/triad-fixture.js';

/**
 * What one person receives for one action: the reply to whoever acted, and every message written for a space or a
 * DM they read. The same news must not arrive twice in different words, nor the same sentence in two messages.
 */
interface Received {
  /** Where it arrived: "reply", or the outbox key. */
  where: string;
  /** Read by this person alone (a reply, their DM). */
  personal: boolean;
  text: string;
}

async function receivedFor(
  t: TriadFixture,
  act: () => Promise<{ reply?: OutboundMessage | undefined }>,
): Promise<(personId: string) => Received[]> {
  const before = new Set((await readOutbox(t.core, t.engagementId)).map((r) => r.key));
  const { reply } = await act();
  const rows: DecodedOutboxRow[] = (await readOutbox(t.core, t.engagementId)).filter(
    (r) => r.message && !before.has(r.key),
  );
  return (personId) => [
    ...(reply && reply.destination.kind === 'reply' && reply.destination.personId === personId
      ? [{ where: 'reply', personal: true, text: messageText(reply) }]
      : []),
    ...rows
      .filter((r) => r.entry.readers.includes(personId))
      .map((r) => ({ where: r.key, personal: r.entry.readers.length === 1, text: r.text })),
  ];
}

/** Sentences long enough to be news (not a button label), normalised. */
const sentences = (text: string) =>
  new Set(
    text
      .split(/\n|(?<=[.!?])\s+/)
      .map((s) =>
        s
          .replace(/\s+/g, ' ')
          .replace(/[.!?:]+$/, '')
          .trim(),
      )
      .filter((s) => s.length >= 25),
  );

/** Each sentence that reaches the person in more than one message, with where. */
function repeated(received: readonly Received[]): string[] {
  const seen = new Map<string, string[]>();
  for (const { where, text } of received) {
    for (const sentence of sentences(text)) seen.set(sentence, [...(seen.get(sentence) ?? []), where]);
  }
  return [...seen].filter(([, where]) => where.length > 1).map(([s, where]) => `${s} (${where.join(', ')})`);
}

const carrying = (received: readonly Received[], news: RegExp) =>
  received.filter((r) => r.personal && news.test(r.text)).map((r) => r.where);

describe('one action, one message per person', () => {
  it('the client who schedules their alignment meeting hears its time once in private, not in a reply and a DM', async () => {
    const t = await startTriad();
    await advanceTo(t, 'alignment');
    const alignment = await t.meeting('alignment');
    const forPerson = await receivedFor(t, () =>
      scheduleMeeting(
        {
          actor: client,
          meetingId: alignment.id,
          localDateTime: londonLocal(20, '14:00'),
          timeZone: 'Europe/London',
        },
        t.core,
      ),
    );
    const jane = forPerson((await t.person('UCLIENT')).id);
    expect(repeated(jane)).toEqual([]);
    expect(carrying(jane, /14:00/)).toEqual(['reply']);
    // They still own it: the private note with "Prepare privately" comes, without restating the time.
    expect(jane.some((r) => r.personal && r.text.includes('You own your sponsor alignment meeting'))).toBe(
      true,
    );
  });

  it('when the sponsor schedules it, the client’s note carries the time (no reply reaches the client)', async () => {
    const t = await startTriad();
    await advanceTo(t, 'alignment');
    const alignment = await t.meeting('alignment');
    const forPerson = await receivedFor(t, () =>
      scheduleMeeting(
        { actor: sponsor, meetingId: alignment.id, localDateTime: londonLocal(20, '09:00') },
        t.core,
      ),
    );
    const jane = forPerson((await t.person('UCLIENT')).id);
    expect(carrying(jane, /14:00/)).toHaveLength(1);
    expect(repeated(jane)).toEqual([]);
  });

  it('the client who chooses a coach is told once that the coach is theirs', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coach_matching');
    const kim = await t.person('UCOACH1');
    const forPerson = await receivedFor(t, () =>
      selectCoach({ actor: client, engagementId: t.engagementId, coachId: kim.id }, t.core),
    );
    const jane = forPerson((await t.person('UCLIENT')).id);
    expect(repeated(jane)).toEqual([]);
    expect(carrying(jane, /Kim is your coach|You chose Kim/)).toEqual(['reply']);
    expect(repeated(forPerson(kim.id))).toEqual([]);
  });

  it('a coach change reaches the client and the new coach once, not in both spaces', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    const forPerson = await receivedFor(t, () =>
      reassignCoach(
        { actor: hr, engagement: { kind: 'id', id: t.engagementId.slice(0, 8) }, coachUserId: 'UCOACH3' },
        t.core,
      ),
    );
    for (const userId of ['UCLIENT', 'UCOACH3']) {
      const received = forPerson((await t.person(userId)).id);
      expect(repeated(received)).toEqual([]);
      expect(received.filter((r) => /tak(e|es|ing) over/.test(r.text))).toHaveLength(1);
    }
  });
});
