CREATE INDEX "spaces_platform_address" ON "spaces" USING btree ("platform","address") WHERE "spaces"."address" is not null;
