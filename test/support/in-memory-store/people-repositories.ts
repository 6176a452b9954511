import { conflictError, missingRowError } from '../../../db/repositories/repository-errors.js';
import { isUuid } from '../../../db/repositories/support.js';
import { closingWeekStart } from '../../../src/engagement/lifecycle.js';
import type {
  Engagement,
  Meeting,
  Organisation,
  Person,
  ReflectionPrompt,
  Space,
} from '../../../src/engagement/records.js';
import type {
  DuePrompt,
  EngagementRepository,
  MeetingRepository,
  OrganisationRepository,
  PersonRepository,
  SpaceRepository,
} from '../../../src/ports/repositories.js';
import type { SpaceMemberRepository, SpaceMembers } from '../../../src/ports/space-members.js';
import { liveStages, scheduleReminderDue } from '../../../src/scheduling/plan-engagement.js';
import { meetingLeadsMs } from '../../../src/scheduling/planned-jobs.js';
import { addressKey } from '../../../src/spaces/space-membership.js';
import { promptingStages } from '../../../src/use-cases/reflections/reflection-access.js';
import { type Access, byFields, uuidArg } from './access.js';
import { uniqueViolation } from './database-error.js';
import type { View } from './store.js';

const ended = new Set(['closed', 'cancelled']);
const isPrompting = (e: Engagement) => promptingStages.includes(e.stage) && e.purgedAt === null;
const meetingOrder = ['kickoff', 'alignment', 'midpoint', 'closing', 'session'];

/** An optimistic update: the stored version must be one below the new one. */
function updateVersioned<T extends { id: string; version: number }>(
  view: View,
  table: 'engagements' | 'meetings' | 'entries',
  next: T,
): void {
  const stored = view.get<T>(table, next.id);
  if (!stored || stored.version !== next.version - 1) throw conflictError();
  view.replace(table, next);
}

function replaceExisting(view: View, table: Parameters<View['replace']>[0], next: object): void {
  if (!view.replace(table, next)) throw missingRowError();
}

export function organisationRepository(access: Access): OrganisationRepository {
  return {
    get: (id) => access.read((v) => v.get<Organisation>('organisations', id)),
    findByTenant: (platform, tenant) =>
      access.read(
        (v) =>
          v.select<Organisation>(
            'organisations',
            (o) => o.platform === platform && o.platformTenantId === tenant,
          )[0],
      ),
    insert: (organisation) => access.write((v) => void v.insert('organisations', organisation)),
    insertOrGet: (organisation) =>
      access.write((v) => {
        const [existing] = v.select<Organisation>(
          'organisations',
          (o) => o.platform === organisation.platform && o.platformTenantId === organisation.platformTenantId,
        );
        return existing ?? (v.insert('organisations', organisation) as unknown as Organisation);
      }),
    update: (organisation) => access.write((v) => replaceExisting(v, 'organisations', organisation)),
  };
}

export function personRepository(access: Access): PersonRepository {
  const findByPlatformUser = (v: View, organisationId: string, platformUserId: string) =>
    v.select<Person>(
      'people',
      (p) => p.organisationId === uuidArg(organisationId) && p.platformUserId === platformUserId,
    )[0];
  return {
    get: (id) => access.read((v) => v.get<Person>('people', id)),
    getMany: (ids) =>
      access.read((v) => {
        const found = [...new Set(ids.map(uuidArg))].map((id) => v.get<Person>('people', id));
        return found.filter((person): person is Person => person !== undefined);
      }),
    findByPlatformUser: (organisationId, platformUserId) =>
      access.read((v) => findByPlatformUser(v, organisationId, platformUserId)),
    upsert: (person) =>
      access.write((v) => {
        const existing = findByPlatformUser(v, person.organisationId, person.platformUserId);
        if (!existing) return v.insert('people', person) as unknown as Person;
        const refreshed: Person = {
          ...existing,
          displayName: person.displayName,
          homeTeamId: person.homeTeamId,
          timeZone: person.timeZone,
          updatedAt: person.updatedAt,
        };
        v.replace('people', refreshed);
        return v.get<Person>('people', existing.id) as Person;
      }),
    setDirectAddress: (id, address) =>
      access.write((v) => {
        const person = v.get<Person>('people', id);
        if (!person) throw missingRowError();
        v.replace('people', { ...person, directAddress: address });
      }),
    setPlatformUserId: (id, platformUserId) =>
      access.write((v) => {
        const person = v.get<Person>('people', id);
        if (!person) throw missingRowError();
        if (findByPlatformUser(v, person.organisationId, platformUserId))
          throw uniqueViolation('people_platform_user');
        v.replace('people', { ...person, platformUserId });
      }),
  };
}

export function engagementRepository(access: Access): EngagementRepository {
  const list = (where: (e: Engagement) => boolean) =>
    access.read((v) => v.select<Engagement>('engagements', where, byFields('startedAt', 'id')));
  const loadForPlanning: EngagementRepository['loadForPlanning'] = (ids, options) => {
    const wanted = new Set(ids.filter(isUuid).map(uuidArg));
    return access.read((v) =>
      v
        .select<Engagement>('engagements', (e) => wanted.has(e.id), byFields('id'))
        .map((engagement) => ({
          engagement,
          meetings:
            options?.meetings === false
              ? []
              : v.select<Meeting>('meetings', (m) => m.engagementId === engagement.id, meetingsInOrder),
          prompts: v.select<ReflectionPrompt>(
            'prompts',
            (p) => p.engagementId === engagement.id,
            byFields('sentAt', 'id'),
          ),
        })),
    );
  };
  return {
    get: (id) => access.read((v) => v.get<Engagement>('engagements', id)),
    getForUpdate: (id) => access.read((v) => v.get<Engagement>('engagements', id)),
    findActiveByClient: (clientId) =>
      access.read(
        (v) =>
          v.select<Engagement>(
            'engagements',
            (e) => e.clientId === uuidArg(clientId) && !ended.has(e.stage),
          )[0],
      ),
    listByOrganisation: (organisationId) => list((e) => e.organisationId === uuidArg(organisationId)),
    listForPerson: (personId) => {
      const id = uuidArg(personId);
      return list((e) => e.clientId === id || e.sponsorId === id || e.coachId === id);
    },
    listActive: () => list((e) => !ended.has(e.stage)),
    listActiveIds: (afterId, limit) => {
      if (afterId !== undefined && !isUuid(afterId)) return Promise.resolve([]);
      const after = afterId === undefined ? undefined : uuidArg(afterId);
      return access.read((v) =>
        v
          .select<Engagement>(
            'engagements',
            (e) => !ended.has(e.stage) && (after === undefined || e.id > after),
            byFields('id'),
          )
          .slice(0, limit)
          .map((e) => e.id),
      );
    },
    listPromptSlots: () =>
      access.read((v) => {
        const slots = new Map<string, { timeZone: string; weekday: number; time: string }>();
        for (const e of v.select<Engagement>('engagements', isPrompting)) {
          const slot = { timeZone: e.timeZone, weekday: e.promptWeekday, time: e.promptTime };
          slots.set(JSON.stringify(slot), slot);
        }
        return [...slots.values()];
      }),
    listPromptDue: (slots, afterId, limit, upToId) => {
      if ([afterId, upToId].some((id) => id !== undefined && !isUuid(id))) return Promise.resolve([]);
      const after = afterId === undefined ? undefined : uuidArg(afterId);
      const upTo = upToId === undefined ? undefined : uuidArg(upToId);
      return access.read((v) =>
        v
          .select<Engagement>(
            'engagements',
            (e) =>
              isPrompting(e) && (after === undefined || e.id > after) && (upTo === undefined || e.id <= upTo),
            byFields('id'),
          )
          .flatMap((e): DuePrompt[] => {
            const slot = slots.find(
              (s) => s.timeZone === e.timeZone && s.weekday === e.promptWeekday && s.time === e.promptTime,
            );
            const organisation = v.get<Organisation>('organisations', e.organisationId);
            const client = v.get<Person>('people', e.clientId);
            if (!slot || !organisation || !client) return [];
            const prompt = v.select<ReflectionPrompt>(
              'prompts',
              (p) => p.engagementId === e.id && p.cycle === slot.cycle,
            )[0];
            return [
              {
                engagementId: e.id,
                dueAt: slot.dueAt,
                cycle: slot.cycle,
                promptId: prompt?.id ?? null,
                cadence: e.cadence,
                startedAt: e.startedAt,
                timeZone: e.timeZone,
                platform: organisation.platform,
                organisationId: organisation.id,
                tenantId: organisation.platformTenantId,
                clientPlatformUserId: client.platformUserId,
              },
            ];
          })
          .slice(0, limit),
      );
    },
    listPromptDueBounds: (slots, every) => {
      if (!Number.isInteger(every) || every < 1) return Promise.resolve([]);
      return access.read((v) => {
        const due = v.select<Engagement>(
          'engagements',
          (e) =>
            isPrompting(e) &&
            slots.some(
              (s) => s.timeZone === e.timeZone && s.weekday === e.promptWeekday && s.time === e.promptTime,
            ),
          byFields('id'),
        );
        return due.filter((_, index) => (index + 1) % every === 0 && index + 1 < due.length).map((e) => e.id);
      });
    },
    loadForPlanning,
    loadForPrompting: async (ids, options) =>
      (await loadForPlanning(ids, options)).map(({ engagement, meetings, prompts }) => ({
        engagement,
        meetings: meetings.map(({ kind, status, startsAt }) => ({ kind, status, startsAt })),
        prompts,
      })),
    listEnteringHorizon: ({ from, to }, afterId, limit) => {
      if (afterId !== undefined && !isUuid(afterId)) return Promise.resolve([]);
      const after = afterId === undefined ? undefined : uuidArg(afterId);
      const inWindow = (at: Date | null | undefined) =>
        !!at && (from === null || at.getTime() > from.getTime()) && at.getTime() <= to.getTime();
      const meetingEnters = (e: Engagement, m: Meeting) => {
        if (m.status === 'scheduled' && m.startsAt) {
          const startsAt = m.startsAt.getTime();
          if (meetingLeadsMs.some((lead) => inWindow(new Date(startsAt - lead)))) return true;
          return m.kind === 'closing' && inWindow(closingWeekStart(m.startsAt, e.timeZone));
        }
        return (
          m.status === 'unscheduled' &&
          (m.kind === 'midpoint' || m.kind === 'closing') &&
          inWindow(scheduleReminderDue(e, m.kind))
        );
      };
      const promptEnters = (p: ReflectionPrompt) =>
        (p.status === 'sent' && p.nudgedAt === null && inWindow(p.nudgeDueAt)) ||
        (p.status === 'snoozed' && inWindow(p.snoozedUntil));
      return access.read((v) =>
        v
          .select<Engagement>(
            'engagements',
            (e) => liveStages.includes(e.stage) && (after === undefined || e.id > after),
            byFields('id'),
          )
          .filter(
            (e) =>
              v.select<Meeting>('meetings', (m) => m.engagementId === e.id && meetingEnters(e, m)).length >
                0 ||
              v.select<ReflectionPrompt>('prompts', (p) => p.engagementId === e.id && promptEnters(p))
                .length > 0,
          )
          .slice(0, limit)
          .map((e) => e.id),
      );
    },
    listPurgeDue: (now) =>
      access.read((v) =>
        v.select<Engagement>(
          'engagements',
          (e) => e.purgeAfter !== null && e.purgeAfter <= now && e.purgedAt === null,
          byFields('purgeAfter', 'id'),
        ),
      ),
    insert: (engagement) => access.write((v) => void v.insert('engagements', engagement)),
    update: (engagement) => access.write((v) => updateVersioned(v, 'engagements', engagement)),
  };
}

export function spaceRepository(access: Access): SpaceRepository {
  return {
    find: (engagementId, kind) =>
      access.read(
        (v) =>
          v.select<Space>(
            'spaces',
            (s) => s.engagementId === uuidArg(engagementId) && s.kind === kind && s.retiredAt === null,
          )[0],
      ),
    findLive: (engagementIds, kind) => {
      const wanted = new Set(engagementIds.filter(isUuid).map(uuidArg));
      return access.read((v) =>
        v.select<Space>(
          'spaces',
          (s) => wanted.has(s.engagementId) && s.kind === kind && s.retiredAt === null,
        ),
      );
    },
    get: (id) => access.read((v) => v.get<Space>('spaces', id)),
    listByEngagement: (engagementId) =>
      access.read((v) =>
        v.select<Space>(
          'spaces',
          (s) => s.engagementId === uuidArg(engagementId),
          byFields('createdAt', 'id'),
        ),
      ),
    findByAddressFields: (platform, fields) => {
      const wanted = Object.entries(fields);
      if (wanted.length === 0) return Promise.resolve(undefined);
      const holds = (address: unknown) =>
        !!address &&
        typeof address === 'object' &&
        wanted.every(([key, value]) => (address as Record<string, unknown>)[key] === value);
      return access.read((v) =>
        v
          .select<Space>(
            'spaces',
            (s) => s.platform === platform && holds(s.address),
            byFields('createdAt', 'id'),
          )
          .at(-1),
      );
    },
    findByAddress: (platform, address) => {
      if (address === null || address === undefined) return Promise.resolve(undefined);
      const wanted = addressKey(platform, address);
      return access.read((v) =>
        v
          .select<Space>(
            'spaces',
            (s) =>
              s.platform === platform && s.address != null && addressKey(s.platform, s.address) === wanted,
            byFields('createdAt', 'id'),
          )
          .at(-1),
      );
    },
    insert: (space) => access.write((v) => void v.insert('spaces', space)),
    setAddress: (id, address) =>
      access.write((v) => {
        const space = v.get<Space>('spaces', id);
        if (!space) throw missingRowError();
        v.replace('spaces', { ...space, address });
      }),
    setCoachSelfCheck: (id, on) =>
      access.write((v) => {
        const space = v.get<Space>('spaces', id);
        if (!space) throw missingRowError();
        v.replace('spaces', { ...space, coachSelfCheck: on });
      }),
    assignCoach: (id, coachId) =>
      access.write((v) => {
        const space = v.get<Space>('spaces', id);
        if (space?.kind !== 'coaching' || space.retiredAt || space.coachId) throw missingRowError();
        v.replace('spaces', { ...space, coachId });
      }),
    retire: (id, at) =>
      access.write((v) => {
        const space = v.get<Space>('spaces', id);
        if (!space || space.retiredAt !== null) throw missingRowError();
        v.replace('spaces', { ...space, retiredAt: at });
      }),
  };
}

export function spaceMemberRepository(access: Access): SpaceMemberRepository {
  return {
    get: (spaceId) =>
      access.read((v) => (isUuid(spaceId) ? v.get<SpaceMembers>('spaceMembers', spaceId) : undefined)),
    findByAddressKey: (addressKey) =>
      access.read((v) => v.select<SpaceMembers>('spaceMembers', (m) => m.addressKey === addressKey)),
    save: (members) =>
      access.write((v) => {
        if (!v.replace('spaceMembers', members)) v.insert('spaceMembers', members);
      }),
    deleteByEngagement: (engagementId) =>
      access.write((v) =>
        v.delete(
          'spaceMembers',
          v
            .select<SpaceMembers>('spaceMembers', (m) => m.engagementId === uuidArg(engagementId))
            .map((m) => m.spaceId),
        ),
      ),
  };
}

const byCreation = byFields<Meeting>('createdAt');
/** Meetings created together in lifecycle order. */
const meetingsInOrder = (a: Meeting, b: Meeting) =>
  byCreation(a, b) ||
  meetingOrder.indexOf(a.kind) - meetingOrder.indexOf(b.kind) ||
  byFields<Meeting>('id')(a, b);

export function meetingRepository(access: Access): MeetingRepository {
  return {
    get: (id) => access.read((v) => v.get<Meeting>('meetings', id)),
    listByEngagement: (engagementId) =>
      access.read((v) =>
        v.select<Meeting>('meetings', (m) => m.engagementId === uuidArg(engagementId), meetingsInOrder),
      ),
    listScheduledAfter: (after) =>
      access.read((v) =>
        v.select<Meeting>(
          'meetings',
          (m) => m.status === 'scheduled' && m.startsAt !== null && m.startsAt > after,
          byFields('startsAt', 'id'),
        ),
      ),
    insert: (meeting) => access.write((v) => void v.insert('meetings', meeting)),
    update: (meeting) => access.write((v) => updateVersioned(v, 'meetings', meeting)),
  };
}

export { replaceExisting, updateVersioned };
