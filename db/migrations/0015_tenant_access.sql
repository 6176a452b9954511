CREATE TABLE "tenant_access" (
	"id" uuid PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"tenant_id" text NOT NULL,
	"allowed" boolean NOT NULL,
	"decided_by" text NOT NULL,
	"decided_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "tenant_access_platform_tenant" ON "tenant_access" USING btree ("platform","tenant_id");
