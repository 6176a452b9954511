-- HR rights come from configuration on every request; a person row no longer remembers them.
ALTER TABLE "people" DROP COLUMN "is_hr_admin";
