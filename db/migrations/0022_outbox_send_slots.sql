ALTER TABLE "outbox" ADD COLUMN "paced_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "outbox_space_order" ON "outbox" USING btree ("engagement_id",("destination"->>'space'),"seq") WHERE status = 'pending' and attempts = 0 and last_error_code is null and (destination->>'kind') = 'space';--> statement-breakpoint
CREATE INDEX "outbox_slotted" ON "outbox" USING btree ("available_at","seq") WHERE status = 'pending' and paced_at is not null;--> statement-breakpoint
CREATE INDEX "outbox_unslotted" ON "outbox" USING btree ("available_at","seq") WHERE status = 'pending' and paced_at is null;
