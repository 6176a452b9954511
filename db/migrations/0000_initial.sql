CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"engagement_id" uuid,
	"actor_id" uuid,
	"action" text NOT NULL,
	"outcome" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"engagement_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"text_hash" text,
	"granted_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "private_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"engagement_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"subject_id" uuid,
	"ciphertext" "bytea" NOT NULL,
	"key_id" text NOT NULL,
	"shared_with_coach_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "releases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"engagement_id" uuid NOT NULL,
	"entry_id" uuid NOT NULL,
	"entry_version" integer NOT NULL,
	"status" text NOT NULL,
	"ciphertext" "bytea" NOT NULL,
	"key_id" text NOT NULL,
	"text_hash" text NOT NULL,
	"consent_id" uuid,
	"previewed_at" timestamp with time zone NOT NULL,
	"released_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "engagements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"sponsor_id" uuid NOT NULL,
	"coach_id" uuid,
	"coach_shortlist" uuid[] NOT NULL,
	"started_by_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"paused_stage" text,
	"weeks" integer NOT NULL,
	"cadence" text NOT NULL,
	"prompt_weekday" integer NOT NULL,
	"prompt_time" text NOT NULL,
	"time_zone" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"paused_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"purge_after" timestamp with time zone,
	"purged_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "processed_requests" (
	"key" text PRIMARY KEY NOT NULL,
	"outcome" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "spaces" (
	"id" uuid PRIMARY KEY NOT NULL,
	"engagement_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"platform" text NOT NULL,
	"address" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"engagement_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"starts_at" timestamp with time zone,
	"duration_minutes" integer NOT NULL,
	"organiser_id" uuid,
	"organiser_zone" text,
	"thread_address" jsonb,
	"held_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reflection_prompts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"engagement_id" uuid NOT NULL,
	"question_id" text NOT NULL,
	"category" text NOT NULL,
	"cycle" text NOT NULL,
	"status" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"snoozed_until" timestamp with time zone,
	"nudge_due_at" timestamp with time zone,
	"nudged_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"platform_tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"session_visibility" text DEFAULT 'none' NOT NULL,
	"retention_days" integer DEFAULT 30 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"platform_user_id" text NOT NULL,
	"display_name" text NOT NULL,
	"time_zone" text NOT NULL,
	"is_hr_admin" boolean DEFAULT false NOT NULL,
	"direct_address" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"engagement_id" uuid,
	"destination" jsonb NOT NULL,
	"idempotency_key" text NOT NULL,
	"ciphertext" "bytea" NOT NULL,
	"key_id" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error_code" text,
	"available_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"platform_message_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_client_id_people_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "private_entries" ADD CONSTRAINT "private_entries_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "private_entries" ADD CONSTRAINT "private_entries_author_id_people_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "releases" ADD CONSTRAINT "releases_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "releases" ADD CONSTRAINT "releases_consent_id_consents_id_fk" FOREIGN KEY ("consent_id") REFERENCES "public"."consents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagements" ADD CONSTRAINT "engagements_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagements" ADD CONSTRAINT "engagements_client_id_people_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagements" ADD CONSTRAINT "engagements_sponsor_id_people_id_fk" FOREIGN KEY ("sponsor_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagements" ADD CONSTRAINT "engagements_coach_id_people_id_fk" FOREIGN KEY ("coach_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagements" ADD CONSTRAINT "engagements_started_by_id_people_id_fk" FOREIGN KEY ("started_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spaces" ADD CONSTRAINT "spaces_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_organiser_id_people_id_fk" FOREIGN KEY ("organiser_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reflection_prompts" ADD CONSTRAINT "reflection_prompts_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_engagement" ON "audit_log" USING btree ("engagement_id","created_at");--> statement-breakpoint
CREATE INDEX "consents_engagement" ON "consents" USING btree ("engagement_id");--> statement-breakpoint
CREATE UNIQUE INDEX "private_entries_subject" ON "private_entries" USING btree ("engagement_id","kind","subject_id");--> statement-breakpoint
CREATE INDEX "releases_engagement" ON "releases" USING btree ("engagement_id");--> statement-breakpoint
CREATE UNIQUE INDEX "engagements_one_active_per_client" ON "engagements" USING btree ("client_id") WHERE "engagements"."stage" not in ('closed', 'cancelled');--> statement-breakpoint
CREATE INDEX "engagements_organisation" ON "engagements" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "spaces_engagement_kind" ON "spaces" USING btree ("engagement_id","kind");--> statement-breakpoint
CREATE INDEX "meetings_engagement" ON "meetings" USING btree ("engagement_id");--> statement-breakpoint
CREATE INDEX "meetings_scheduled" ON "meetings" USING btree ("status","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "reflection_prompts_cycle" ON "reflection_prompts" USING btree ("engagement_id","cycle");--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_platform_tenant" ON "organisations" USING btree ("platform","platform_tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "people_platform_user" ON "people" USING btree ("organisation_id","platform_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_idempotency_key" ON "outbox" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "outbox_pending" ON "outbox" USING btree ("status","available_at");--> statement-breakpoint
CREATE INDEX "outbox_engagement" ON "outbox" USING btree ("engagement_id");