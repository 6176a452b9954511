CREATE TABLE "slack_installations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"installation_key" text NOT NULL,
	"team_id" text,
	"enterprise_id" text,
	"is_enterprise_install" boolean NOT NULL,
	"app_id" text,
	"bot_id" text,
	"bot_user_id" text NOT NULL,
	"bot_token_ciphertext" "bytea" NOT NULL,
	"bot_token_key_id" text NOT NULL,
	"refresh_token_ciphertext" "bytea",
	"refresh_token_key_id" text,
	"token_expires_at" timestamp with time zone,
	"token_version" integer DEFAULT 1 NOT NULL,
	"scopes" text[] NOT NULL,
	"installer_user_id" text,
	"installed_at" timestamp with time zone NOT NULL,
	"uninstalled_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"refresh_failures" integer DEFAULT 0 NOT NULL,
	"last_refresh_error" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "slack_enterprise_teams" (
	"team_id" text PRIMARY KEY NOT NULL,
	"enterprise_id" text NOT NULL,
	"seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "slack_installations_key" ON "slack_installations" USING btree ("installation_key");--> statement-breakpoint
CREATE INDEX "slack_installations_team" ON "slack_installations" USING btree ("team_id");
