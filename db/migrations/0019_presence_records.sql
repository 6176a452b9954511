CREATE TABLE "presence_records" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"platform_user_id" text NOT NULL,
	"status_away" boolean,
	"status_expires_at" timestamp with time zone,
	"status_seen_at" timestamp with time zone,
	"dnd_enabled" boolean,
	"dnd_start_at" timestamp with time zone,
	"dnd_end_at" timestamp with time zone,
	"dnd_seen_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "presence_records" ADD CONSTRAINT "presence_records_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "presence_records_organisation_user" ON "presence_records" USING btree ("organisation_id","platform_user_id");
