import { and, asc, eq, inArray, isNotNull, isNull, or } from 'drizzle-orm';
import type { ReflectionPromptRepository } from '../../src/ports/repositories.js';
import type { TriadDatabase } from '../client.js';
import { reflectionPrompts as prompts } from '../schema/index.js';
import { insertJsonRows } from './json-rows.js';
import { isUuid, requireUpdated, withoutId } from './support.js';

export function reflectionPromptRepository(db: TriadDatabase): ReflectionPromptRepository {
  return {
    async get(id) {
      if (!isUuid(id)) return undefined;
      const [row] = await db.select().from(prompts).where(eq(prompts.id, id));
      return row;
    },
    async findByCycle(engagementId, cycle) {
      if (!isUuid(engagementId)) return undefined;
      const [row] = await db
        .select()
        .from(prompts)
        .where(and(eq(prompts.engagementId, engagementId), eq(prompts.cycle, cycle)));
      return row;
    },
    async listByEngagement(engagementId) {
      if (!isUuid(engagementId)) return [];
      return db
        .select()
        .from(prompts)
        .where(eq(prompts.engagementId, engagementId))
        .orderBy(asc(prompts.sentAt), asc(prompts.id));
    },
    /** Snoozed prompts waiting to come back, and sent ones whose nudge is still to go. */
    listOpen: () =>
      db
        .select()
        .from(prompts)
        .where(
          or(
            and(eq(prompts.status, 'snoozed'), isNotNull(prompts.snoozedUntil)),
            and(eq(prompts.status, 'sent'), isNotNull(prompts.nudgeDueAt), isNull(prompts.nudgedAt)),
          ),
        )
        .orderBy(asc(prompts.sentAt), asc(prompts.id)),
    async insert(prompt) {
      const rows = await db
        .insert(prompts)
        .values(prompt)
        .onConflictDoNothing({ target: [prompts.engagementId, prompts.cycle] })
        .returning({ id: prompts.id });
      return rows.length > 0;
    },
    async insertMany(rows) {
      return insertJsonRows(db, prompts, rows, {
        conflictTarget: [prompts.engagementId, prompts.cycle],
        returning: prompts.id,
      });
    },
    async expire(ids) {
      const wanted = ids.filter(isUuid);
      if (wanted.length === 0) return;
      await db
        .update(prompts)
        .set({ status: 'expired', snoozedUntil: null })
        .where(inArray(prompts.id, wanted));
    },
    async update(prompt) {
      const rows = await db
        .update(prompts)
        .set(withoutId(prompt))
        .where(eq(prompts.id, prompt.id))
        .returning({ id: prompts.id });
      requireUpdated(rows);
    },
    async deleteByEngagement(engagementId) {
      if (!isUuid(engagementId)) return 0;
      const rows = await db
        .delete(prompts)
        .where(eq(prompts.engagementId, engagementId))
        .returning({ id: prompts.id });
      return rows.length;
    },
  };
}
