-- Issue 12: keyed hashes and rows that keep nothing to reconstruct private activity from.
-- A release keeps a hash only once it is released (the consent's keyed hash); a preview never released keeps none.
ALTER TABLE "releases" ALTER COLUMN "text_hash" DROP NOT NULL;--> statement-breakpoint
UPDATE "releases" SET "text_hash" = NULL WHERE "status" = 'previewed' OR ("status" = 'withdrawn' AND "consent_id" IS NULL);
