import { describe, expect, it } from 'vitest';
import { runAction, runForm } from '../../../src/controls/controls.js';
import type { MeetingKind } from '../../../src/engagement/records.js';
import type { Actor } from '../../../src/use-cases/actor.js';
import { setMeetingLink } from '../../../src/use-cases/meetings/meeting-link.js';
import { rescheduleMeeting } from '../../../src/use-cases/meetings/reschedule-meeting.js';
import { scheduleMeeting } from '../../../src/use-cases/meetings/schedule-meeting.js';
import { scheduleSession } from '../../../src/use-cases/sessions/schedule-session.js';
import { messageControls, messagesTo, readOutbox } from '../../support/outbox-reader.js';
import {
  advanceTo,
  client,
  coach1,
  hr,
  londonLocal,
  sponsor,
  startTriad,
  stranger,
  type TriadFixture,
} from '../hr/triad-fixture.js';

const link = 'https://meet.example.com/abc-defg-hij';

async function scheduledAlignment() {
  const t = await startTriad();
  await advanceTo(t, 'alignment');
  const meetingId = (await t.meeting('alignment')).id;
  await scheduleMeeting({ actor: client, meetingId, localDateTime: londonLocal(10) }, t.core);
  return { t, meetingId };
}

const saveLink = (t: TriadFixture, who: Actor, meetingId: string, url: string) =>
  runForm(
    'meeting.link.save',
    { actor: who, context: { meetingId }, fields: { url }, requestKey: `link-${url}` },
    t.core,
  );

const linkOf = async (t: TriadFixture, kind: MeetingKind) => (await t.meeting(kind)).videoUrl;

describe('meeting links', () => {
  it('takes the link from the meeting message’s button, stores it on the meeting and shows it in its thread', async () => {
    const { t, meetingId } = await scheduledAlignment();
    const [announced] = messagesTo(await readOutbox(t.core, t.engagementId), 'sponsor', meetingId);
    const controls = announced?.message ? messageControls(announced.message) : [];
    const button = controls.find((c) => c.actionId === 'meeting.link');
    expect(button && 'value' in button ? button.value : undefined).toBe(meetingId);
    const opened = await runAction('meeting.link', { actor: sponsor, value: meetingId }, t.core);
    expect(opened.form).toBeDefined();

    await saveLink(t, sponsor, meetingId, ` ${link} `);
    expect(await linkOf(t, 'alignment')).toBe(link);
    const thread = messagesTo(await readOutbox(t.core, t.engagementId), 'sponsor', meetingId);
    expect(thread.at(-1)?.text).toContain(`Video call: ${link}`);

    await rescheduleMeeting({ actor: client, meetingId, localDateTime: londonLocal(11) }, t.core);
    const moved = messagesTo(await readOutbox(t.core, t.engagementId), 'sponsor', meetingId).at(-1);
    expect(moved?.text).toContain('moved');
    expect(moved?.text).toContain(`Video call: ${link}`);
  });

  it('the same link again changes nothing', async () => {
    const { t, meetingId } = await scheduledAlignment();
    await saveLink(t, hr, meetingId, link);
    const rows = (await readOutbox(t.core, t.engagementId)).length;
    const again = await setMeetingLink({ actor: coach1, meetingId, url: link }, t.core);
    expect(again.changed).toBe(false);
    expect(await readOutbox(t.core, t.engagementId)).toHaveLength(rows);
  });

  it('posts a session’s link in the coaching space only, and only the client and the coach may add it', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    const { meetingId } = await scheduleSession(
      { actor: coach1, engagementId: t.engagementId, localDateTime: londonLocal(10) },
      t.core,
    );
    for (const who of [sponsor, hr]) {
      await expect(setMeetingLink({ actor: who, meetingId, url: link }, t.core)).rejects.toMatchObject({
        code: 'not_authorised',
      });
    }
    await setMeetingLink({ actor: client, meetingId, url: link }, t.core);
    expect((await t.core.uow.read.meetings.get(meetingId))?.videoUrl).toBe(link);
    const rows = await readOutbox(t.core, t.engagementId);
    expect(messagesTo(rows, 'coaching').at(-1)?.text).toContain(`Video call: ${link}`);
    expect(messagesTo(rows, 'sponsor').some((row) => row.text.includes(link))).toBe(false);
  });

  it('refuses a stranger without saying anything about the meeting', async () => {
    const { t, meetingId } = await scheduledAlignment();
    await expect(saveLink(t, stranger, meetingId, link)).rejects.toMatchObject({ code: 'not_found' });
    expect(await linkOf(t, 'alignment')).toBeNull();
  });

  it.each([
    'http://meet.example.com/abc',
    'meet.example.com/abc',
    'javascript:alert(1)',
    'https://meet example.com/abc',
    '',
    'see you on zoom',
  ])('refuses "%s" in words, changing nothing', async (url) => {
    const { t, meetingId } = await scheduledAlignment();
    const rows = (await readOutbox(t.core, t.engagementId)).length;
    await expect(saveLink(t, client, meetingId, url)).rejects.toMatchObject({
      code: 'validation_failed',
      message: 'Give the full video-call link, starting with https:// (e.g. https://meet.example.com/abc).',
    });
    expect(await linkOf(t, 'alignment')).toBeNull();
    expect(await readOutbox(t.core, t.engagementId)).toHaveLength(rows);
  });
});
