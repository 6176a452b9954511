import type { Engagement } from '../engagement/records.js';
import { TriadError } from '../errors.js';
import { command, phrase } from '../messages/command-hint.js';

/**
 * Who may do what, in one table (in the manner of outline's `server/policies`). Every use case that acts on
 * behalf of a person asks this module, never a list of roles of its own. A person's roles come from the
 * engagement (client, sponsor or coach: exactly one, see `src/use-cases/hr/start-engagement.ts`) and from HR
 * rights over the organisation, which its admin list (or configuration) grants and every request re-checks. Anyone else is a
 * stranger, who may do nothing and is told nothing about the engagement. Jobs (prompts, nudges, reminders,
 * purges) act for nobody and are not in the table.
 */
export const policyRoles = ['client', 'sponsor', 'coach', 'hr', 'stranger'] as const;
export type PolicyRole = (typeof policyRoles)[number];

/** The roles a person can hold: in a triad, or as HR of its organisation. */
export type TriadRole = Exclude<PolicyRole, 'stranger'>;

interface Rule {
  /** Who may. */
  readonly who: readonly TriadRole[];
  /** The words after "Only the client can …" in a refusal. */
  readonly what: string;
  /** What to do instead, when there is a better way. */
  readonly hint?: string;
}

const hr = ['hr'] as const;
const client = ['client'] as const;
const triadAndHr = ['client', 'sponsor', 'coach', 'hr'] as const;
const clientAndCoach = ['client', 'coach'] as const;

export const permissions = {
  // HR, over their organisation's engagements (status and lifecycle only, never content)
  start_engagement: { who: hr, what: 'start an engagement' },
  list_engagements: { who: hr, what: 'list engagements' },
  view_engagement_status: { who: hr, what: 'see the status of an engagement' },
  pause_engagement: { who: hr, what: 'pause an engagement' },
  resume_engagement: { who: hr, what: 'resume an engagement' },
  end_engagement: { who: hr, what: 'end an engagement' },
  reassign_coach: { who: hr, what: 'reassign the coach' },
  retry_deliveries: { who: hr, what: 'retry failed deliveries' },
  set_hr_digest_day: { who: hr, what: 'choose the day of the HR digest' },
  // the organisation itself: its HR admins and its defaults for new engagements
  list_admins: { who: hr, what: 'see who the HR admins are' },
  manage_admins: { who: hr, what: 'add or remove HR admins' },
  view_organisation_settings: { who: hr, what: 'see the organisation’s settings' },
  change_organisation_settings: { who: hr, what: 'change the organisation’s settings' },
  /**
   * Any other HR command over one of their organisation's engagements (lifecycle and logistics, never content):
   * a new HR subcommand needs no rule of its own unless someone besides HR may run it.
   */
  manage_engagement: { who: hr, what: 'manage an engagement' },
  // coach matching
  choose_coach: { who: client, what: 'choose the coach' },
  book_chemistry_call: { who: client, what: 'book intro calls with shortlisted coaches' },
  /** An intro call's client, and the shortlisted coach it is with (see `authorizeChemistryCall`). */
  arrange_chemistry_call: { who: clientAndCoach, what: 'change this intro call' },
  /** A coach edits their own profile; HR any coach's of their organisation (the use case checks whose). */
  edit_coach_profile: {
    who: ['coach', 'hr'],
    what: 'edit a coach’s profile',
    hint: 'Coaches edit their own profile: type profile in your DM with Triad.',
  },
  // triad meetings (kickoff and alignment meetings): arranged by anyone in the triad or HR
  schedule_meeting: { who: triadAndHr, what: 'schedule this meeting' },
  move_meeting: { who: triadAndHr, what: 'move this meeting' },
  cancel_meeting: { who: triadAndHr, what: 'cancel this meeting' },
  mark_meeting_held: { who: triadAndHr, what: 'mark this meeting as held' },
  /** Holding the closing meeting closes the engagement: the client owns it, and HR ends engagements. */
  mark_closing_meeting_held: {
    who: ['client', 'hr'],
    what: 'mark the closing meeting as held',
    hint: 'The client marks it once it has taken place; HR can end an engagement early.',
  },
  // coaching sessions, in the coaching space
  schedule_session: { who: clientAndCoach, what: 'schedule a coaching session' },
  move_session: { who: clientAndCoach, what: 'move a coaching session' },
  cancel_session: { who: clientAndCoach, what: 'cancel a coaching session' },
  mark_session_held: { who: clientAndCoach, what: 'mark a coaching session as held' },
  /** The coach's own notes after a session: readable by that coach alone (see `coach-notes.ts`). */
  keep_session_notes: {
    who: ['coach'],
    what: 'keep private notes on a coaching session',
    hint: 'Your own thoughts after a session belong in your answers to Triad’s questions in your DM.',
  },
  set_partnering_self_check: {
    who: ['coach'],
    what: 'choose whether they get the partnering self-check after sessions',
  },
  // the client's private work
  prepare_for_meeting: { who: client, what: 'prepare for alignment meetings' },
  draft_goal: { who: client, what: 'draft their goals' },
  edit_goal: { who: client, what: 'edit their goals' },
  list_goals: { who: client, what: 'see their goals' },
  answer_reflection: { who: client, what: 'answer their reflection questions' },
  skip_reflection: { who: client, what: 'skip their reflection questions' },
  snooze_reflection: { who: client, what: 'snooze their reflection questions' },
  set_prompt_rhythm: { who: client, what: 'choose when their reflection questions arrive' },
  share_reflection_with_coach: { who: client, what: 'share their reflections' },
  preview_release: { who: client, what: 'share their goals and reflections' },
  confirm_release: { who: client, what: 'share their goals' },
  cancel_release: { who: client, what: 'share their goals' },
  withdraw_release: { who: client, what: 'withdraw what they shared' },
  set_activity_sharing: { who: client, what: 'choose what activity is shared' },
  export_data: { who: client, what: 'export their own data' },
  // assessments: recorded by HR or the engagement's coach; the report and its insights are the client's
  record_assessment: {
    who: ['coach', 'hr'],
    what: 'record an assessment',
    hint: "The client's coach or HR records it; the report then reaches the client's DM only.",
  },
  share_assessment_with_coach: { who: client, what: 'share their assessment reports' },
  write_insight: { who: client, what: 'write insights from their assessments' },
  // the sponsor thread
  post_sponsor_expectations: { who: ['sponsor'], what: 'share sponsor expectations' },
  relay_to_sponsor_thread: { who: ['sponsor', 'hr'], what: 'post to the sponsor thread through Triad' },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof permissions;
export const actions = Object.keys(permissions) as Action[];

/** The table itself: may someone in `role` do `action`? A stranger never may. */
export function can(role: PolicyRole, action: Action): boolean {
  return role !== 'stranger' && (permissions[action].who as readonly PolicyRole[]).includes(role);
}

/** Who is asking, as far as the policy is concerned: their person id (if known) and their HR rights. */
export interface Asker {
  personId: string | undefined;
  /** HR rights over `organisationId`, as configuration grants them on this request. */
  hrOf: string | undefined;
}

/** The roles `asker` holds in `engagement`: their one triad role, then HR if they have HR rights over it. */
export function rolesIn(engagement: Engagement, asker: Asker): TriadRole[] {
  const roles: TriadRole[] = [];
  const { personId } = asker;
  if (personId && personId === engagement.clientId) roles.push('client');
  else if (personId && personId === engagement.sponsorId) roles.push('sponsor');
  else if (personId && personId === engagement.coachId) roles.push('coach');
  if (asker.hrOf && asker.hrOf === engagement.organisationId) roles.push('hr');
  return roles;
}

const notFound = (engagement: Engagement) =>
  new TriadError(
    'not_found',
    `I can't find an engagement "${engagement.id.slice(0, 8)}".`,
    phrase`Use the 8-character id from ${command('list')}, or mention the client.`,
  );

/** The refusal for someone who may not do `action`: in the engagement's words, changing nothing. */
export function refusal(action: Action): TriadError {
  const rule: Rule = permissions[action];
  return new TriadError('not_authorised', `Only ${listRoles(rule.who)} can ${rule.what}.`, rule.hint);
}

/**
 * The permission check every use case makes before acting on an engagement: returns the role the asker acts
 * in (their triad role before HR), or throws — `not_found` for a stranger (who learns nothing about the
 * engagement), `not_authorised` with the table's words for a role that may not.
 */
export function authorize(engagement: Engagement, asker: Asker, action: Action): TriadRole {
  const roles = rolesIn(engagement, asker);
  if (roles.length === 0) throw notFound(engagement);
  const role = roles.find((r) => can(r, action));
  if (!role) throw refusal(action);
  return role;
}

/**
 * The check for an intro ("chemistry") call, which belongs to two people only: the client, and the shortlisted
 * coach it is with (who holds no role in the engagement before being chosen), acting as its coach. Anyone else
 * (the sponsor, HR, another coach) is told nothing about it: the same not-found as a stranger.
 */
export function authorizeChemistryCall(
  engagement: Engagement,
  asker: Asker,
  callCoachId: string | null,
  action: 'arrange_chemistry_call',
): TriadRole {
  const role: TriadRole | undefined =
    asker.personId && asker.personId === engagement.clientId
      ? 'client'
      : asker.personId && asker.personId === callCoachId
        ? 'coach'
        : undefined;
  if (role && can(role, action)) return role;
  throw new TriadError(
    'not_found',
    'I can’t find that intro call.',
    'Use the buttons on the latest message about it.',
  );
}

/** The check for organisation-wide actions (start, list, retry…): HR rights on this request, or a refusal. */
export function authorizeOrganisation(isHr: boolean, action: Action): void {
  if (isHr && can('hr', action)) return;
  throw new TriadError(
    'not_authorised',
    'Only HR programme owners can do that.',
    phrase`Ask one of your organisation’s HR admins to add you (${command('admins')} lists them).`,
  );
}

function listRoles(roles: readonly TriadRole[]): string {
  const words = roles.map((r) => (r === 'hr' ? 'HR' : `the ${r}`));
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}
