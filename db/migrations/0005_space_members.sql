CREATE TABLE "space_members" (
	"space_id" uuid PRIMARY KEY NOT NULL,
	"engagement_id" uuid NOT NULL,
	"address_key" text NOT NULL,
	"platform_user_ids" jsonb NOT NULL,
	"reported_strangers" jsonb NOT NULL,
	"checked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "space_members" ADD CONSTRAINT "space_members_space_id_spaces_id_fk" FOREIGN KEY ("space_id") REFERENCES "public"."spaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "space_members_address_key" ON "space_members" USING btree ("address_key");
