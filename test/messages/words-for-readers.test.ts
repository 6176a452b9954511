import { describe, expect, it } from 'vitest';
import { confidentialityNote } from '../../src/messages/compose/text.js';
import { pauseEngagement } from '../../src/use-cases/hr/pause-engagement.js';
import { reassignCoach } from '../../src/use-cases/hr/reassign-coach.js';
import { resumeEngagement } from '../../src/use-cases/hr/resume-engagement.js';
import { type DecodedOutboxRow, readOutbox } from '../support/outbox-reader.js';
import { advanceTo, hr, startTriad, type TriadFixture } from '../use-cases/hr/triad-fixture.js';

/** A walk from the start to coaching, a pause, a resume and a coach change, with every message it wrote. */
async function walk(): Promise<{ t: TriadFixture; rows: DecodedOutboxRow[] }> {
  const t = await startTriad();
  await advanceTo(t, 'coaching');
  const ref = { kind: 'id' as const, id: t.engagementId.slice(0, 8) };
  await pauseEngagement({ actor: hr, engagement: ref }, t.core);
  await resumeEngagement({ actor: hr, engagement: ref }, t.core);
  await reassignCoach({ actor: hr, engagement: ref, coachUserId: 'UCOACH3' }, t.core);
  return { t, rows: await readOutbox(t.core, t.engagementId) };
}

const directTo = (rows: readonly DecodedOutboxRow[], personId: string) =>
  rows.filter((r) => r.message?.destination.kind === 'hr' && r.message.destination.personId === personId);

describe('words for clients, sponsors and coaches', () => {
  it('never shows an engagement id to anyone but HR', async () => {
    const { t, rows } = await walk();
    const harper = await t.person('UHR');
    const forParties = rows.filter(
      (r) =>
        r.message && !(r.message.destination.kind === 'hr' && r.message.destination.personId === harper.id),
    );
    expect(forParties.length).toBeGreaterThan(10);
    for (const row of forParties) {
      expect(row.text, row.key).not.toContain(t.engagementId.slice(0, 8));
      expect(row.text, row.key).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    }
  });

  it('welcomes each coach in a message of their own when their coaching space opens, once', async () => {
    const { t, rows } = await walk();
    const [kim, lee, ola] = [await t.person('UCOACH1'), await t.person('UCOACH2'), await t.person('UCOACH3')];
    for (const coach of [kim, ola]) {
      const welcome = directTo(rows, coach.id).filter((r) => r.key.endsWith(':coach-welcome'));
      expect(welcome).toHaveLength(1);
      expect(welcome[0]?.entry.readers).toEqual([coach.id]);
      expect(welcome[0]?.text).toContain(`Welcome, ${coach.displayName}`);
      expect(welcome[0]?.text).toContain('You see only what Jane shares with you');
      expect(welcome[0]?.text).toContain('nor anything Sam tells Triad privately');
    }
    expect(directTo(rows, lee.id).some((r) => r.key.endsWith(':coach-welcome'))).toBe(false);
  });

  it("speaks to the sponsor space's readers by name, not as 'the client' and 'the sponsor'", async () => {
    const { rows } = await walk();
    const welcome = rows.find(
      (r) => r.key.endsWith(':sponsor-welcome') || r.text.includes('This thread is shared by'),
    );
    expect(welcome?.text).toContain('This thread is shared by Jane, Sam and the coach.');
    expect(welcome?.text).not.toMatch(/the client|the sponsor sees/);
  });

  it('tells the client how confidentiality works once, not in every space', async () => {
    const { rows } = await walk();
    const toClient = rows.filter(
      (r) => r.message?.destination.kind === 'space' && r.message.destination.space !== 'sponsor',
    );
    expect(toClient.filter((r) => r.text.includes(confidentialityNote))).toHaveLength(1);
  });
});
