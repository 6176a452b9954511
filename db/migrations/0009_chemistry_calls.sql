ALTER TABLE "meetings" ADD COLUMN "coach_id" uuid;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_coach_id_people_id_fk" FOREIGN KEY ("coach_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "chemistry_calls" boolean DEFAULT true NOT NULL;
