import { describe, expect, it } from 'vitest';
import type { Part } from '../../../src/confidentiality/parts.js';
import { entryRow, releaseRow } from '../../../src/confidentiality/sealed-rows.js';
import type { Person } from '../../../src/engagement/records.js';
import type { OutboundMessage } from '../../../src/messages/message.js';
import type { Actor } from '../../../src/use-cases/actor.js';
import { composeHome } from '../../../src/use-cases/home/compose-home.js';
import { startEngagement } from '../../../src/use-cases/hr/start-engagement.js';
import { createTestCore, type TestCore } from '../../support/core-deps.js';
import { partText } from '../../support/outbox-reader.js';

const actor = (platformUserId: string): Actor => ({ platform: 'slack', tenantId: 'T1', platformUserId });
const CANARY_PRIVATE = 'CANARY-private-7f3a';
const CANARY_SHARED = 'CANARY-coach-91bc';
const RELEASED = 'I want to delegate more — released text';

function textOf(messages: readonly OutboundMessage[]): string {
  const parts: Part[] = [];
  for (const message of messages) {
    for (const block of message.blocks) {
      if (block.type === 'section' || block.type === 'context') parts.push(...block.text);
      if (block.type === 'fields') for (const f of block.fields) parts.push(...f.value);
      if (block.type === 'header') parts.push({ kind: 'logistics', text: block.text.text });
    }
  }
  return parts.map(partText).join('\n');
}

async function setUp(): Promise<{
  core: TestCore;
  engagementId: string;
  person: (id: string) => Promise<Person>;
}> {
  const core = createTestCore();
  for (const [id, name, zone] of [
    ['UHR', 'Harper', 'Europe/London'],
    ['UCLIENT', 'Jane', 'Europe/London'],
    ['USPONSOR', 'Sam', 'America/New_York'],
    ['UCOACH1', 'Kim', 'Asia/Tokyo'],
  ] as const) {
    core.directory.add({ platformUserId: id, displayName: name, timeZone: zone });
  }
  const { engagementId } = await startEngagement(
    { actor: actor('UHR'), clientUserId: 'UCLIENT', sponsorUserId: 'USPONSOR', coachUserIds: ['UCOACH1'] },
    core,
  );
  const person = async (platformUserId: string) => {
    const org = (await core.uow.read.engagements.get(engagementId))?.organisationId as string;
    return (await core.uow.read.people.findByPlatformUser(org, platformUserId)) as Person;
  };
  const client = await person('UCLIENT');
  const now = core.clock.now();
  const coach = await person('UCOACH1');
  const entry = (id: string, text: string, shared: boolean) => {
    const sealed = core.cipher.seal(text, entryRow({ id, engagementId }));
    return {
      id,
      engagementId,
      authorId: client.id,
      kind: 'reflection_answer' as const,
      subjectId: null,
      ...sealed,
      readers: shared ? [client.id, coach.id] : [client.id],
      sharedWithCoachAt: shared ? now : null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
  };
  const releaseId = '00000000-0000-4000-8000-0000000000aa';
  const consentId = '00000000-0000-4000-8000-0000000000cc';
  const releaseSealed = core.cipher.seal(RELEASED, releaseRow({ id: releaseId, engagementId }));
  await core.uow.transaction(async (repos) => {
    await repos.consents.insert({
      id: consentId,
      engagementId,
      clientId: client.id,
      kind: 'release',
      textHash: core.cipher.hashText(RELEASED),
      grantedAt: now,
      withdrawnAt: null,
    });
    await repos.entries.insert(entry('00000000-0000-4000-8000-000000000001', CANARY_PRIVATE, false));
    await repos.entries.insert(entry('00000000-0000-4000-8000-000000000002', CANARY_SHARED, true));
    await repos.entries.insert(entry('00000000-0000-4000-8000-000000000003', RELEASED, false));
    await repos.releases.insert({
      id: releaseId,
      engagementId,
      entryId: '00000000-0000-4000-8000-000000000003',
      entryVersion: 1,
      status: 'released',
      ...releaseSealed,
      textHash: core.cipher.hashText(RELEASED),
      consentId,
      previewedAt: now,
      releasedAt: now,
      withdrawnAt: null,
    });
  });
  return { core, engagementId, person };
}

describe('App Home per role', () => {
  it('shows the client their engagement and what they released', async () => {
    const { core } = await setUp();
    const { sections } = await composeHome({ actor: actor('UCLIENT') }, core);
    expect(sections.map((s) => s.audience)).toEqual(['private']);
    const text = textOf(sections);
    expect(text).toContain('Stage: kickoff');
    expect(text).toContain('coach Kim');
    expect(text).toContain(RELEASED);
  });

  it('shows the coach only what the client shared with them', async () => {
    const { core } = await setUp();
    const { sections } = await composeHome({ actor: actor('UCOACH1') }, core);
    const text = textOf(sections);
    expect(text).toContain(CANARY_SHARED);
    expect(text).not.toContain(CANARY_PRIVATE);
  });

  it('shows the sponsor meetings and released items, nothing private', async () => {
    const { core } = await setUp();
    const { sections } = await composeHome({ actor: actor('USPONSOR') }, core);
    expect(sections.map((s) => s.audience)).toEqual(['shared']);
    const text = textOf(sections);
    expect(text).toContain(RELEASED);
    expect(text).toContain('No meetings scheduled yet.');
    expect(text).not.toContain(CANARY_PRIVATE);
    expect(text).not.toContain(CANARY_SHARED);
  });

  it('stops showing a release once it is withdrawn', async () => {
    const { core } = await setUp();
    await core.uow.transaction(async (repos) => {
      const release = await repos.releases.get('00000000-0000-4000-8000-0000000000aa');
      if (release)
        await repos.releases.update({ ...release, status: 'withdrawn', withdrawnAt: core.clock.now() });
    });
    const { sections } = await composeHome({ actor: actor('USPONSOR') }, core);
    expect(textOf(sections)).not.toContain(RELEASED);
  });

  it('shows HR the engagements they run as metadata only', async () => {
    const { core, engagementId } = await setUp();
    const { sections } = await composeHome({ actor: actor('UHR') }, core);
    expect(sections.map((s) => s.audience)).toEqual(['admin', 'admin', 'admin']);
    const text = textOf(sections);
    expect(text).toContain('What needs you this week');
    expect(text).toContain('Organisation settings');
    expect(text).toContain(engagementId.slice(0, 8));
    expect(text).toContain('Jane');
    expect(text).toContain('coach assigned');
    for (const secret of [CANARY_PRIVATE, CANARY_SHARED, RELEASED]) expect(text).not.toContain(secret);
  });

  it('welcomes someone Triad does not know', async () => {
    const core = createTestCore();
    const { sections } = await composeHome({ actor: actor('UNOBODY') }, core);
    expect(textOf(sections)).toContain('When HR starts one with you in it, it appears here.');
    expect(core.logLines.join('')).not.toContain('CANARY');
  });
});
