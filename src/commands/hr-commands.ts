import { gateDirect } from '../outbox/gate-direct.js';
import { addAdmin, listAdmins, removeAdmin } from '../use-cases/admins/manage-admins.js';
import { offerAssessmentForm } from '../use-cases/assessments/open-assessment-form.js';
import { showCoachProfile } from '../use-cases/coach-profiles/show-coach-profile.js';
import { endEngagement } from '../use-cases/hr/end-engagement.js';
import { engagementReport } from '../use-cases/hr/engagement-report.js';
import { engagementStatus } from '../use-cases/hr/engagement-status.js';
import { listEngagements } from '../use-cases/hr/list-engagements.js';
import { pauseEngagement } from '../use-cases/hr/pause-engagement.js';
import { reassignCoach } from '../use-cases/hr/reassign-coach.js';
import { remindClient } from '../use-cases/hr/remind-client.js';
import { resumeEngagement } from '../use-cases/hr/resume-engagement.js';
import { startEngagement } from '../use-cases/hr/start-engagement.js';
import { changeSettings } from '../use-cases/settings/change-settings.js';
import { showSettings } from '../use-cases/settings/organisation-settings.js';
import { commandHelp } from './help.js';
import { type AnyCommandSpec, command } from './syntax.js';

/**
 * A coach a platform passed on as an e-mail address rather than a user id (Slack: someone HR named by address,
 * who may be outside the workspace and is then invited through Slack Connect).
 */
const isEmailAddress = (person: string) => /^[^\s@<>|]+@[^\s@<>|]+\.[^\s@<>|]+$/.test(person);

/** Most coaches HR may shortlist for the client to choose from. */
export const MAX_COACHES = 5;

/**
 * THE grammar of HR's commands, one entry per subcommand: its syntax, its words for help and menus, the
 * permission it needs and the use case it runs. Every platform parses, dispatches, helps and lists its commands
 * (the Teams manifest, the DM router) from this table; adding a subcommand means adding an entry here and its
 * use case. The order is the order of help and of the Teams command menu.
 */
export const hrCommands: readonly AnyCommandSpec[] = [
  command({
    name: 'start',
    syntax: {
      options: {
        client: { kind: 'person', example: '@jane' },
        sponsor: { kind: 'person', example: '@sam' },
        coach: {
          kind: 'people',
          example: '@kim',
          more: '@lee',
          min: 1,
          max: MAX_COACHES,
          plural: 'coaches',
        },
        weeks: { kind: 'weeks' },
        cadence: { kind: 'cadence' },
      },
      form: true,
      distinctPeople: true,
    },
    summary: 'HR: start an engagement: client, sponsor, coach or coach shortlist, length and cadence.',
    help: (w) =>
      `Start an engagement (up to ${MAX_COACHES} coaches for a shortlist; the client chooses). ${w.written('start')} alone opens a form.`,
    action: 'start_engagement',
    run: ({ client, sponsor, coach, weeks, cadence }, { actor, deps }) =>
      startEngagement(
        {
          actor,
          clientUserId: client,
          sponsorUserId: sponsor,
          coachUserIds: coach.filter((person) => !isEmailAddress(person)),
          coachEmails: coach.filter(isEmailAddress),
          ...(weeks !== undefined ? { weeks } : {}),
          ...(cadence !== undefined ? { cadence } : {}),
        },
        deps,
      ),
  }),
  command({
    name: 'list',
    syntax: {},
    summary: 'HR: list engagements with their status (never their content).',
    help: () => 'the engagements of your organisation, status only.',
    action: 'list_engagements',
    run: (_args, { actor, deps }) => listEngagements({ actor }, deps),
  }),
  command({
    name: 'report',
    syntax: {},
    summary: 'HR: a CSV file of all engagements: stage, dates of meetings held, coach, weeks left.',
    help: () => 'a spreadsheet (CSV) of every engagement of your organisation, lifecycle metadata only.',
    action: 'list_engagements',
    run: (_args, { actor, deps }) => engagementReport({ actor }, deps),
  }),
  command({
    name: 'status',
    syntax: { target: true },
    summary: 'HR: show the lifecycle status of one engagement.',
    help: () => 'one engagement: stage, meetings, days left.',
    action: 'view_engagement_status',
    run: ({ engagement }, { actor, deps }) => engagementStatus({ actor, engagement }, deps),
  }),
  command({
    name: 'pause',
    syntax: { target: true },
    summary: 'HR: pause an engagement; prompts and reminders stop until resumed.',
    help: () => 'pause an engagement: prompts and reminders stop until it is resumed.',
    action: 'pause_engagement',
    run: ({ engagement }, { actor, deps }) => pauseEngagement({ actor, engagement }, deps),
  }),
  command({
    name: 'resume',
    syntax: { target: true },
    summary: 'HR: resume a paused engagement.',
    help: () => 'resume a paused engagement.',
    action: 'resume_engagement',
    run: ({ engagement }, { actor, deps }) => resumeEngagement({ actor, engagement }, deps),
  }),
  command({
    name: 'end',
    syntax: { target: true },
    summary: 'HR: close an engagement; private content is deleted after retention.',
    help: () => 'close an engagement; private content is deleted after the retention period.',
    action: 'end_engagement',
    run: ({ engagement }, { actor, deps }) => endEngagement({ actor, engagement }, deps),
  }),
  command({
    name: 'remind',
    syntax: { target: true },
    summary: 'HR: send the client their waiting reflection question again.',
    help: () =>
      'send the client their waiting reflection question again (HR never learns whether they answered).',
    action: 'manage_engagement',
    run: ({ engagement }, { actor, deps }) => remindClient({ actor, engagement }, deps),
  }),
  command({
    name: 'reassign',
    syntax: {
      target: true,
      options: {
        coach: {
          kind: 'person',
          example: '@lee',
          missing: 'Name the new coach, e.g. {reassign @jane coach:@kim}.',
        },
      },
    },
    summary: 'HR: replace the coach of an engagement.',
    help: () => 'a new coach joins; the previous one leaves the sponsor space.',
    action: 'reassign_coach',
    run: ({ engagement, coach }, { actor, deps }) =>
      reassignCoach({ actor, engagement, coachUserId: coach }, deps),
  }),
  command({
    name: 'assessment',
    syntax: { target: true },
    summary: 'HR: record an assessment the client took and deliver their report to them privately.',
    help: () =>
      "record an assessment (name, provider, date) and deliver the client's report to their private DM only.",
    action: 'record_assessment',
    run: ({ engagement }, { actor, deps }) => offerAssessmentForm({ actor, engagement }, deps),
  }),
  command({
    name: 'profile',
    syntax: {
      options: {
        coach: {
          kind: 'person',
          example: '@kim',
          missing: 'Name the coach, e.g. {profile coach:@kim}.',
        },
      },
    },
    summary: 'HR: see and edit a coach’s profile, as clients see it when they choose their coach.',
    help: () =>
      'a coach’s profile (bio, focus, languages, zone, credentials, links) as clients see it, with a button to edit it. Coaches type profile in their DM with Triad to edit their own.',
    action: 'edit_coach_profile',
    run: ({ coach }, { actor, deps }) => showCoachProfile({ actor, coachUserId: coach }, deps),
  }),
  command({
    name: 'admins',
    syntax: {
      verbs: {
        add: { role: 'person to add', check: 'reachable' },
        remove: { role: 'person to remove', check: 'id' },
      },
    },
    summary: 'HR: list the HR admins of your organisation, or add or remove one.',
    help: () =>
      'who has HR rights here; add or remove someone (HR admins only; the last admin cannot be removed).',
    action: 'list_admins',
    run: ({ verb, person }, { actor, deps }) => {
      if (verb === 'add' && person) return addAdmin({ actor, platformUserId: person }, deps);
      if (verb === 'remove' && person) return removeAdmin({ actor, platformUserId: person }, deps);
      return listAdmins({ actor }, deps);
    },
  }),
  command({
    name: 'settings',
    syntax: {
      options: {
        cadence: { kind: 'text', example: 'fortnightly' },
        day: { kind: 'text', example: '2' },
        time: { kind: 'text', example: '09:30' },
        weeks: { kind: 'text', example: '12' },
        retention: { kind: 'text', example: '30' },
        zone: { kind: 'text', example: 'Europe/London' },
        hours: { kind: 'text', example: '09:00-18:00' },
        apply: { kind: 'text', example: 'existing' },
      },
    },
    summary: 'HR: your organisation’s defaults for new engagements; change any of them.',
    help: () =>
      'the defaults for new engagements (cadence, day 1–5 and time of the question, length, retention days, zone, working hours); give any to change them, apply:existing to update live engagements too.',
    action: 'view_organisation_settings',
    run: ({ apply, ...values }, { actor, deps }) =>
      Object.values(values).some((value) => value !== undefined) || apply !== undefined
        ? changeSettings(
            { actor, values, ...(apply !== undefined ? { apply: apply as 'new' | 'existing' } : {}) },
            deps,
          )
        : showSettings({ actor }, deps),
  }),
  command({
    name: 'help',
    syntax: {},
    summary: 'What Triad can do for you, and how confidentiality works.',
    help: () => 'what HR can type.',
    run: async (_args, { actor, deps, wording }) => ({
      reply: await gateDirect(
        commandHelp(actor.platformUserId, hrCommands, wording, wording.naming),
        deps,
        false,
      ),
    }),
  }),
];
