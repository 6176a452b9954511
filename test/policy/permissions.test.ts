import { describe, expect, it } from 'vitest';
import type { Engagement } from '../../src/engagement/records.js';
import {
  type Action,
  type Asker,
  actions,
  authorize,
  authorizeChemistryCall,
  can,
  type PolicyRole,
  policyRoles,
  rolesIn,
} from '../../src/policy/permissions.js';

/**
 * The policy, written out by hand as a grid: C client, S sponsor, K coach, H HR admin, X stranger. Each row is
 * what the product promises (DESIGN.md §1–3); the table in src/policy must say exactly this.
 */
const grid: Record<Action, string> = {
  start_engagement: '   .  .  .  H  .',
  list_engagements: '   .  .  .  H  .',
  view_engagement_status: '   .  .  .  H  .',
  pause_engagement: '   .  .  .  H  .',
  resume_engagement: '   .  .  .  H  .',
  end_engagement: '   .  .  .  H  .',
  reassign_coach: '   .  .  .  H  .',
  retry_deliveries: '   .  .  .  H  .',
  set_hr_digest_day: '   .  .  .  H  .',
  list_admins: '   .  .  .  H  .',
  manage_admins: '   .  .  .  H  .',
  view_organisation_settings: '   .  .  .  H  .',
  change_organisation_settings: '   .  .  .  H  .',
  manage_engagement: '   .  .  .  H  .',
  choose_coach: '   C  .  .  .  .',
  book_chemistry_call: '   C  .  .  .  .',
  arrange_chemistry_call: '   C  .  K  .  .',
  edit_coach_profile: '   .  .  K  H  .',
  schedule_meeting: '   C  S  K  H  .',
  move_meeting: '   C  S  K  H  .',
  cancel_meeting: '   C  S  K  H  .',
  mark_meeting_held: '   C  S  K  H  .',
  mark_closing_meeting_held: '   C  .  .  H  .',
  schedule_session: '   C  .  K  .  .',
  move_session: '   C  .  K  .  .',
  cancel_session: '   C  .  K  .  .',
  mark_session_held: '   C  .  K  .  .',
  keep_session_notes: '   .  .  K  .  .',
  set_partnering_self_check: '   .  .  K  .  .',
  prepare_for_meeting: '   C  .  .  .  .',
  draft_goal: '   C  .  .  .  .',
  edit_goal: '   C  .  .  .  .',
  list_goals: '   C  .  .  .  .',
  answer_reflection: '   C  .  .  .  .',
  skip_reflection: '   C  .  .  .  .',
  snooze_reflection: '   C  .  .  .  .',
  set_prompt_rhythm: '   C  .  .  .  .',
  share_reflection_with_coach: '   C  .  .  .  .',
  preview_release: '   C  .  .  .  .',
  confirm_release: '   C  .  .  .  .',
  cancel_release: '   C  .  .  .  .',
  withdraw_release: '   C  .  .  .  .',
  set_activity_sharing: '   C  .  .  .  .',
  export_data: '   C  .  .  .  .',
  record_assessment: '   .  .  K  H  .',
  share_assessment_with_coach: '   C  .  .  .  .',
  write_insight: '   C  .  .  .  .',
  post_sponsor_expectations: '   .  S  .  .  .',
  relay_to_sponsor_thread: '   .  S  .  H  .',
};

const expected = (action: Action, role: PolicyRole) =>
  grid[action].trim().split(/\s+/)[policyRoles.indexOf(role)] !== '.';

const engagement = {
  id: '11111111-2222-4333-8444-555555555555',
  organisationId: 'org-1',
  clientId: 'p-client',
  sponsorId: 'p-sponsor',
  coachId: 'p-coach',
} as Engagement;

const askers: Record<PolicyRole, Asker> = {
  client: { personId: 'p-client', hrOf: undefined },
  sponsor: { personId: 'p-sponsor', hrOf: undefined },
  coach: { personId: 'p-coach', hrOf: undefined },
  hr: { personId: 'p-hr', hrOf: 'org-1' },
  stranger: { personId: 'p-stranger', hrOf: undefined },
};

describe('the permission table', () => {
  it('names every action once, and the grid names the same actions', () => {
    expect([...actions].sort()).toEqual(Object.keys(grid).sort());
  });

  const cells = actions.flatMap((action) => policyRoles.map((role) => [action, role] as const));

  it.each(cells)('%s by %s is as the grid says', (action, role) => {
    expect(can(role, action)).toBe(expected(action, role));
  });

  it.each(cells)('authorize(%s) for the %s acts on the grid, changing nothing', (action, role) => {
    const check = () => authorize(engagement, askers[role], action);
    if (expected(action, role)) expect(check()).toBe(role);
    else if (role === 'stranger') expect(check).toThrow(expect.objectContaining({ code: 'not_found' }));
    else expect(check).toThrow(expect.objectContaining({ code: 'not_authorised' }));
  });
});

describe('roles in an engagement', () => {
  it('HR of another organisation is a stranger there', () => {
    expect(rolesIn(engagement, { personId: 'p-hr', hrOf: 'org-2' })).toEqual([]);
    expect(() => authorize(engagement, { personId: 'p-hr', hrOf: 'org-2' }, 'end_engagement')).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
  });

  it('someone who lost HR rights is a stranger at once', () => {
    expect(rolesIn(engagement, { personId: 'p-hr', hrOf: undefined })).toEqual([]);
  });

  it('a sponsor with HR rights acts as sponsor first and as HR where only HR may', () => {
    const sponsorHr = { personId: 'p-sponsor', hrOf: 'org-1' };
    expect(rolesIn(engagement, sponsorHr)).toEqual(['sponsor', 'hr']);
    expect(authorize(engagement, sponsorHr, 'relay_to_sponsor_thread')).toBe('sponsor');
    expect(authorize(engagement, sponsorHr, 'mark_closing_meeting_held')).toBe('hr');
  });

  it('refusals say who may, in words', () => {
    expect(() => authorize(engagement, askers.sponsor, 'mark_closing_meeting_held')).toThrow(
      'Only the client or HR can mark the closing meeting as held.',
    );
    expect(() => authorize(engagement, askers.coach, 'draft_goal')).toThrow(
      'Only the client can draft their goals.',
    );
  });
});

describe('intro (chemistry) calls', () => {
  const noCoachYet = { ...engagement, coachId: null } as Engagement;
  const callCoach = { personId: 'p-shortlisted', hrOf: undefined };

  it('belong to the client and the shortlisted coach the call is with, who acts as its coach', () => {
    expect(authorizeChemistryCall(noCoachYet, askers.client, 'p-shortlisted', 'arrange_chemistry_call')).toBe(
      'client',
    );
    expect(authorizeChemistryCall(noCoachYet, callCoach, 'p-shortlisted', 'arrange_chemistry_call')).toBe(
      'coach',
    );
  });

  it.each([
    ['the sponsor', askers.sponsor],
    ['HR', askers.hr],
    ['the chosen coach of another call', askers.coach],
    ['a stranger', askers.stranger],
  ])('are not found for %s, who learns nothing about them', (_, asker) => {
    expect(() =>
      authorizeChemistryCall(engagement, asker, 'p-shortlisted', 'arrange_chemistry_call'),
    ).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});
