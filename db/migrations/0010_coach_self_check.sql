ALTER TABLE "spaces" ADD COLUMN "coach_self_check" boolean DEFAULT false NOT NULL;
