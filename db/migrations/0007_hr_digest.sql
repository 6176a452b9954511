ALTER TABLE "organisations" ADD COLUMN "hr_digest_weekday" integer DEFAULT 1 NOT NULL;
