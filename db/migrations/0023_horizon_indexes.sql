CREATE INDEX "reflection_prompts_nudge_due" ON "reflection_prompts" USING btree ("nudge_due_at") WHERE "reflection_prompts"."status" = 'sent' and "reflection_prompts"."nudged_at" is null;--> statement-breakpoint
CREATE INDEX "reflection_prompts_snoozed_until" ON "reflection_prompts" USING btree ("snoozed_until") WHERE "reflection_prompts"."status" = 'snoozed';--> statement-breakpoint
CREATE INDEX "meetings_closing_scheduled" ON "meetings" USING btree ("starts_at") WHERE "meetings"."status" = 'scheduled' and "meetings"."kind" = 'closing';
