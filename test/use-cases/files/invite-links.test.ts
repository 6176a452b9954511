import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { createHmacLinkSigner } from '../../../adapters/crypto/hmac.link-signer.js';
import { revealPrivateText } from '../../../src/confidentiality/private-text.js';
import { opaque } from '../../../src/confidentiality/words.js';
import type { Attachment } from '../../../src/messages/message.js';
import { bookChemistryCall } from '../../../src/use-cases/chemistry/book-chemistry-call.js';
import { downloadFile } from '../../../src/use-cases/files/download-file.js';
import { fileLinks } from '../../../src/use-cases/files/file-links.js';
import { reassignCoach } from '../../../src/use-cases/hr/reassign-coach.js';
import { scheduleSession } from '../../../src/use-cases/sessions/schedule-session.js';
import { advanceTo, client, coach1, hr, londonLocal, startTriad } from '../hr/triad-fixture.js';

const signer = createHmacLinkSigner([{ id: 'k1', key: Buffer.alloc(32, 7) }]);

const textOf = (file: Attachment) =>
  file.content.map((part) => (part.kind === 'private' ? revealPrivateText(part.text) : part.text)).join('');

describe('invite download links', () => {
  it('are per attendee, in their zone; once the coach is replaced, the links made with them stop working', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coaching');
    const { meetingId } = await scheduleSession(
      { actor: coach1, engagementId: t.engagementId, localDateTime: londonLocal(10) },
      t.core,
    );
    const deps = { ...t.core, signer };
    const origin = { kind: 'invite', meetingId: opaque(meetingId) } as const;
    const links = await fileLinks(origin, deps);
    expect(links.map((l) => l.label)).toEqual(['Calendar file for Jane', 'Calendar file for Kim']);
    const zones = [];
    for (const link of links) {
      const got = await downloadFile({ token: link.token }, deps);
      if (got.outcome !== 'file') throw new Error(got.outcome);
      const calendar = new ICAL.Component(ICAL.parse(textOf(got.file)));
      zones.push(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid'));
    }
    expect(zones).toEqual(['Europe/London', 'Asia/Tokyo']);

    await reassignCoach(
      { actor: hr, engagement: { kind: 'id', id: t.engagementId }, coachUserId: 'UCOACH3' },
      t.core,
    );
    for (const link of links) {
      expect(await downloadFile({ token: link.token }, deps)).toMatchObject({ outcome: 'refused' });
    }
    const fresh = await fileLinks(origin, deps);
    expect(fresh.map((l) => l.label)).toEqual(['Calendar file for Jane', 'Calendar file for Ola']);
    for (const link of fresh) {
      expect(await downloadFile({ token: link.token }, deps)).toMatchObject({ outcome: 'file' });
    }
  });
});

describe('an intro call’s invite links', () => {
  it('are for the client and that coach only: the sponsor has none and no link reads as theirs', async () => {
    const t = await startTriad();
    await advanceTo(t, 'coach_matching');
    const kim = await t.person('UCOACH1');
    await bookChemistryCall(
      { actor: client, engagementId: t.engagementId, coachId: kim.id, localDateTime: londonLocal(3) },
      t.core,
    );
    const call = (await t.core.uow.read.meetings.listByEngagement(t.engagementId)).find(
      (m) => m.kind === 'chemistry',
    );
    const deps = { ...t.core, signer };
    const links = await fileLinks({ kind: 'invite', meetingId: opaque(call?.id ?? '') }, deps);
    expect(links.map((l) => l.label)).toEqual(['Calendar file for Jane', 'Calendar file for Kim']);
    for (const link of links) {
      expect(await downloadFile({ token: link.token }, deps)).toMatchObject({ outcome: 'file' });
    }
  });
});
