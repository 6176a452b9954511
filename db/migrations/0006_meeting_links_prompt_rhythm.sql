ALTER TABLE "meetings" ADD COLUMN "video_url" text;
