-- Issue 12: every private item records exactly who may read it; a coach change retires the coaching space row
-- instead of re-using it; an outbox entry is bound to the space row and readers it was written for.
ALTER TABLE "private_entries" ADD COLUMN "readers" uuid[];--> statement-breakpoint
-- Backfill: the author (the client) only. Entries already shared with a coach are NOT given the engagement's
-- current coach: after a reassignment that would be a coach the client never shared with. The client can share
-- them again.
UPDATE "private_entries" SET "readers" = ARRAY["author_id"];--> statement-breakpoint
ALTER TABLE "private_entries" ALTER COLUMN "readers" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "spaces" ADD COLUMN "coach_id" uuid;--> statement-breakpoint
ALTER TABLE "spaces" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "spaces" ADD CONSTRAINT "spaces_coach_id_people_id_fk" FOREIGN KEY ("coach_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Until now a coach change forgot the coaching space's address, so the live row belongs to the current coach.
UPDATE "spaces" SET "coach_id" = "engagements"."coach_id" FROM "engagements"
  WHERE "spaces"."engagement_id" = "engagements"."id" AND "spaces"."kind" = 'coaching';--> statement-breakpoint
DROP INDEX "spaces_engagement_kind";--> statement-breakpoint
CREATE UNIQUE INDEX "spaces_engagement_kind_live" ON "spaces" USING btree ("engagement_id","kind") WHERE "spaces"."retired_at" is null;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "space_id" uuid;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "readers" uuid[];--> statement-breakpoint
-- Coaching-space entries written before the engagement's last coach change were meant for an earlier coach:
-- those not yet delivered are cancelled, never re-targeted.
UPDATE "outbox" SET "status" = 'cancelled', "last_error_code" = 'coach_changed'
  WHERE "status" IN ('pending', 'failed') AND "destination"->>'kind' = 'space' AND "destination"->>'space' = 'coaching'
  AND "created_at" < (SELECT max("audit_log"."created_at") FROM "audit_log"
    WHERE "audit_log"."engagement_id" = "outbox"."engagement_id" AND "audit_log"."action" = 'coach_reassigned');--> statement-breakpoint
UPDATE "outbox" SET "space_id" = "spaces"."id" FROM "spaces"
  WHERE "outbox"."destination"->>'kind' = 'space'
  AND "spaces"."engagement_id"::text = "outbox"."destination"->>'engagementId'
  AND "spaces"."kind" = "outbox"."destination"->>'space';--> statement-breakpoint
UPDATE "outbox" SET "readers" = CASE "outbox"."destination"->>'space'
    WHEN 'client_dm' THEN ARRAY["engagements"."client_id"]
    WHEN 'coaching' THEN array_remove(ARRAY["engagements"."client_id", "engagements"."coach_id"], NULL)
    ELSE array_remove(ARRAY["engagements"."sponsor_id", "engagements"."client_id", "engagements"."coach_id"], NULL)
  END FROM "engagements"
  WHERE "outbox"."destination"->>'kind' = 'space' AND "engagements"."id" = "outbox"."engagement_id";--> statement-breakpoint
UPDATE "outbox" SET "readers" = ARRAY[("destination"->>'personId')::uuid]
  WHERE "readers" IS NULL AND "destination"->>'kind' = 'hr';--> statement-breakpoint
UPDATE "outbox" SET "readers" = '{}' WHERE "readers" IS NULL;--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "readers" SET NOT NULL;
