ALTER TABLE "outbox" ADD COLUMN "claim_token" uuid;
