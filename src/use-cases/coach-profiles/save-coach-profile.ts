import { z } from 'zod';
import {
  type CoachProfile,
  type CoachProfileContent,
  coachProfileFields,
} from '../../engagement/coach-profile.js';
import { TriadError } from '../../errors.js';
import { coachProfileReply } from '../../messages/compose/coach-profile.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, resolveActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { parseInput } from '../shared/parse-input.js';
import { profileEditor } from './profile-access.js';

export const saveCoachProfileInput = z.object({
  actor: actorSchema,
  coachId: z.uuid('That coach id is not valid.'),
  /** The form's fields as typed ('' when left empty); `coachProfileFields` reads and checks them. */
  fields: z.record(z.string(), z.string()),
});
export type SaveCoachProfileInput = z.input<typeof saveCoachProfileInput>;

const contentKeys = [
  'bio',
  'focusAreas',
  'languages',
  'timeZone',
  'credentials',
  'photoUrl',
  'schedulingUrl',
] as const satisfies readonly (keyof CoachProfileContent)[];

const sameContent = (a: CoachProfileContent, b: CoachProfileContent) =>
  contentKeys.every((key) => JSON.stringify(a[key]) === JSON.stringify(b[key]));

/** The typed fields, checked; the first problem is the refusal, in words that say how to fix it. */
function readFields(fields: Record<string, string>): CoachProfileContent {
  const result = coachProfileFields.safeParse(fields);
  if (result.success) return result.data;
  throw new TriadError(
    'validation_failed',
    result.error.issues[0]?.message ?? 'That profile is not valid.',
    'Nothing was saved. Open the form again and correct it.',
  );
}

/**
 * Saves a coach's profile from its form: the coach their own, HR any coach's of their organisation. Checked
 * whole before anything is written (lengths, https links, at most a few focus areas and languages, a real time
 * zone); a refusal changes nothing. Audited with ids only; the same content again changes nothing.
 */
export async function saveCoachProfile(raw: SaveCoachProfileInput, deps: CoreDeps) {
  const input = parseInput(saveCoachProfileInput, raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    const editor = await profileEditor(repos, resolved, await repos.people.get(input.coachId));
    const content = readFields(input.fields);
    const { coach } = editor;
    const existing = await repos.coachProfiles.find(coach.organisationId, coach.id);
    const now = deps.clock.now();
    let saved: CoachProfile;
    let changed = true;
    if (existing && sameContent(existing, content)) {
      saved = existing;
      changed = false;
    } else if (existing) {
      saved = {
        ...existing,
        ...content,
        updatedById: editor.editorId,
        version: existing.version + 1,
        updatedAt: now,
      };
      await repos.coachProfiles.update(saved);
    } else {
      saved = {
        id: deps.ids.newId(),
        organisationId: coach.organisationId,
        personId: coach.id,
        ownerId: null,
        ...content,
        updatedById: editor.editorId,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await repos.coachProfiles.insert(saved);
    }
    if (changed) {
      await unit.audit({
        engagementId: null,
        actorId: editor.editorId,
        action: 'coach_profile_saved',
        details: {
          profileId: saved.id,
          coachId: coach.id,
          version: saved.version,
          by: editor.by,
        },
      });
    }
    return {
      changed,
      profile: saved,
      reply: await unit.reply(coachProfileReply(coach, saved, editor.reader, true)),
    };
  });
}
