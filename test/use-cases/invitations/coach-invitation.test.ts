import { describe, expect, it } from 'vitest';
import { deliverOutboxEntry } from '../../../src/outbox/deliver-outbox-entry.js';
import { DeliveryError, type Messenger } from '../../../src/ports/messenger.js';
import { startEngagement } from '../../../src/use-cases/hr/start-engagement.js';
import { acceptCoachInvitation } from '../../../src/use-cases/invitations/accept-coach-invitation.js';
import { markMeetingHeld } from '../../../src/use-cases/meetings/mark-meeting-held.js';
import { createTestCore, type TestCore } from '../../support/core-deps.js';
import { membershipChanges, messagesTo, readOutbox } from '../../support/outbox-reader.js';

const hr = { platform: 'slack' as const, tenantId: 'T1', platformUserId: 'UHR' };
const EMAIL = 'kim@firm.example';

/** A platform that opens channels C1, C2 … and answers invitations as told: an invite id, or a refusal code. */
function platform(invite: (email: string) => string) {
  let channels = 0;
  const invited: { channel: string; email: string }[] = [];
  const messenger: Messenger = {
    platform: 'slack',
    openSpace: async () => ({ channel: `C${++channels}` }),
    openDirect: async (user) => ({ channel: `D-${user}` }),
    send: async () => ({ messageId: `m${Math.random()}` }),
    findSent: async () => undefined,
    retract: async () => {},
    addMember: async () => {},
    removeMember: async () => {},
    inviteByEmail: async (address, email) => {
      const inviteId = invite(email);
      invited.push({ channel: (address as { channel: string }).channel, email });
      return inviteId;
    },
  };
  return { messenger, invited };
}

async function deliverAll(core: TestCore, messenger: Messenger, engagementId: string) {
  for (let round = 0; round < 5; round += 1)
    for (const entry of await core.uow.read.outbox.listByEngagement(engagementId))
      if (entry.status === 'pending')
        await deliverOutboxEntry({ outboxId: entry.id }, { ...core, messengers: { slack: messenger } });
}

async function startWithInvitee(core: TestCore) {
  for (const [platformUserId, displayName] of [
    ['UHR', 'Harper'],
    ['UCLIENT', 'Jane'],
    ['USPONSOR', 'Sam'],
  ] as const)
    core.directory.add({ platformUserId, displayName });
  return startEngagement(
    {
      actor: hr,
      clientUserId: 'UCLIENT',
      sponsorUserId: 'USPONSOR',
      coachUserIds: [],
      coachEmails: ['Kim@Firm.example'],
    },
    core,
  );
}

describe('a coach invited by e-mail from outside the workspace', () => {
  it('is invited to both spaces, HR and the client are told; on joining they coach as if named at the start', async () => {
    const core = createTestCore();
    const { engagementId, reply } = await startWithInvitee(core);
    expect(JSON.stringify(reply)).toContain('coach kim@firm.example invited, not joined yet');
    const { messenger, invited } = platform(() => `I${Math.random()}`);
    await deliverAll(core, messenger, engagementId);
    expect(invited.map((i) => i.email)).toEqual([EMAIL, EMAIL]);
    const invitation = await core.uow.read.coachInvitations.findByEngagement(engagementId);
    expect(invitation).toMatchObject({ state: 'pending', email: EMAIL });
    expect(invitation?.invites.map((i) => i.space).sort()).toEqual(['coaching', 'sponsor']);
    const rows = await readOutbox(core, engagementId);
    expect(messagesTo(rows, 'client_dm').some((r) => r.text.includes('Your coach (kim@firm.example)'))).toBe(
      true,
    );
    expect(rows.some((r) => r.message?.destination.kind === 'hr' && r.text.includes('Slack Connect'))).toBe(
      true,
    );
    expect((await core.uow.read.engagements.get(engagementId))?.coachId).toBeNull();

    // Kickoff held while waiting: no empty choice is offered; the stage waits in coach matching.
    const kickoff = (await core.uow.read.meetings.listByEngagement(engagementId)).find(
      (m) => m.kind === 'kickoff',
    );
    if (!kickoff) throw new Error('no kickoff');
    core.clock.set(new Date('2026-12-01T10:00:00Z'));
    await core.uow.transaction((r) =>
      r.meetings.update({
        ...kickoff,
        status: 'scheduled',
        startsAt: new Date('2026-11-30T10:00:00Z'),
        version: 2,
      }),
    );
    await markMeetingHeld({ actor: hr, meetingId: kickoff.id }, core);
    expect((await core.uow.read.engagements.get(engagementId))?.stage).toBe('coach_matching');
    expect((await readOutbox(core, engagementId)).some((r) => r.key.endsWith(':coach-choice'))).toBe(false);

    // Someone else with another address joining the channel is not the coach.
    const sponsorInvite = invitation?.invites.find((i) => i.space === 'sponsor');
    core.directory.add({ platformUserId: 'UOTHER', displayName: 'Otto', email: 'otto@firm.example' });
    const channel = JSON.parse(sponsorInvite?.addressKey.slice('slack:'.length) ?? '{}');
    expect(
      await acceptCoachInvitation(
        { platform: 'slack', tenantId: 'T1', platformUserId: 'UOTHER', address: channel },
        core,
      ),
    ).toEqual({ accepted: false });

    core.directory.add({ platformUserId: 'UKIM', displayName: 'Kim', email: EMAIL, homeTeamId: 'T2' });
    const accepted = await acceptCoachInvitation(
      { platform: 'slack', tenantId: 'T1', platformUserId: 'UKIM', inviteId: sponsorInvite?.inviteId },
      core,
    );
    expect(accepted).toEqual({ accepted: true });
    const engagement = await core.uow.read.engagements.get(engagementId);
    const kim = await core.uow.read.people.findByPlatformUser(engagement?.organisationId ?? '', 'UKIM');
    expect(kim).toMatchObject({ homeTeamId: 'T2', displayName: 'Kim' });
    expect(engagement).toMatchObject({ coachId: kim?.id, coachShortlist: [kim?.id], stage: 'alignment' });
    const coaching = await core.uow.read.spaces.find(engagementId, 'coaching');
    expect(coaching).toMatchObject({ coachId: kim?.id, address: { channel: expect.any(String) } });
    const after = await readOutbox(core, engagementId);
    expect(membershipChanges(after)).toEqual([`add coaching ${kim?.id}`, `add sponsor ${kim?.id}`]);
    expect(messagesTo(after, 'coaching').some((r) => r.text.includes('Welcome, Jane and Kim.'))).toBe(true);
    expect(after.some((r) => r.message?.destination.kind === 'hr' && r.text.includes('Kim accepted'))).toBe(
      true,
    );
    expect(await core.uow.read.coachInvitations.findByEngagement(engagementId)).toMatchObject({
      state: 'accepted',
      personId: kim?.id,
    });
    // The member-joined event that follows changes nothing more.
    expect(
      await acceptCoachInvitation(
        { platform: 'slack', tenantId: 'T1', platformUserId: 'UKIM', address: channel },
        core,
      ),
    ).toEqual({ accepted: false });
  });

  it('refuses an invitee who has HR rights over the organisation by the time they join: HR is told, nobody coaches (the canary property found it)', async () => {
    const core = createTestCore({ settings: { hrAdmins: ['UHR', 'UKIM'] } });
    const { engagementId } = await startWithInvitee(core);
    const { messenger } = platform(() => 'I1');
    await deliverAll(core, messenger, engagementId);
    core.directory.add({ platformUserId: 'UKIM', displayName: 'Kim', email: EMAIL, homeTeamId: 'T2' });
    const accepted = await acceptCoachInvitation(
      { platform: 'slack', tenantId: 'T1', platformUserId: 'UKIM', inviteId: 'I1' },
      core,
    );
    expect(accepted).toEqual({ accepted: false });
    expect(await core.uow.read.engagements.get(engagementId)).toMatchObject({ coachId: null });
    expect(await core.uow.read.coachInvitations.findByEngagement(engagementId)).toMatchObject({
      state: 'refused',
      refusal: 'hr_admin',
    });
    const refusals = (await readOutbox(core, engagementId)).filter((r) => r.key.endsWith(':refused'));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]?.text).toContain('HR rights over this organisation');
  });

  it.each([
    ['not_paid', 'Slack Connect needs a paid Slack plan'],
    ['restricted_action', 'A workspace admin can allow Slack Connect invitations'],
    ['not_allowed_token_type', 're-install Triad'],
  ])('refused by Slack with %s: HR is told why, once; nothing else changes', async (code, words) => {
    const core = createTestCore();
    const { engagementId } = await startWithInvitee(core);
    const before = await core.uow.read.engagements.get(engagementId);
    const { messenger } = platform(() => {
      throw new DeliveryError(code, false);
    });
    await deliverAll(core, messenger, engagementId);
    expect(await core.uow.read.coachInvitations.findByEngagement(engagementId)).toMatchObject({
      state: 'refused',
      refusal: code,
      invites: [],
    });
    const refusals = (await readOutbox(core, engagementId)).filter((r) => r.key.endsWith(':refused'));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]?.text).toContain(words);
    expect(refusals[0]?.message?.destination.kind).toBe('hr');
    expect(await core.uow.read.engagements.get(engagementId)).toEqual(before);
    const entries = await core.uow.read.outbox.listByEngagement(engagementId);
    expect(entries.filter((e) => e.status !== 'sent')).toEqual([]);
  });

  it('refuses an e-mail coach beside a shortlist, and on a platform without Slack Connect', async () => {
    const core = createTestCore();
    core.directory.add({ platformUserId: 'UCOACH', displayName: 'Lee' });
    await expect(
      startEngagement(
        {
          actor: hr,
          clientUserId: 'UCLIENT',
          sponsorUserId: 'USPONSOR',
          coachUserIds: ['UCOACH'],
          coachEmails: [EMAIL],
        },
        core,
      ),
    ).rejects.toMatchObject({ message: expect.stringContaining("as the engagement's only coach") });
    await expect(
      startEngagement(
        {
          actor: { ...hr, platform: 'teams' },
          clientUserId: 'UCLIENT',
          sponsorUserId: 'USPONSOR',
          coachUserIds: [],
          coachEmails: [EMAIL],
        },
        core,
      ),
    ).rejects.toMatchObject({ message: expect.stringContaining('works on Slack only') });
    expect(await core.uow.read.organisations.findByTenant('slack', 'T1')).toBeUndefined();
  });
});
