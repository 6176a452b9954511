CREATE TABLE "organisation_admins" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"platform_user_id" text NOT NULL,
	"added_by_user_id" text,
	"added_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organisation_admins" ADD CONSTRAINT "organisation_admins_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "organisation_admins_organisation_user" ON "organisation_admins" USING btree ("organisation_id","platform_user_id");--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "defaults" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "engagements" ADD COLUMN "working_hours" text;
