CREATE INDEX "spaces_address_fields" ON "spaces" USING gin ("address" jsonb_path_ops);
