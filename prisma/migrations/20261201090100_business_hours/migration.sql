-- Business hours (time zone and weekly open ranges) and the away message shown outside them.
ALTER TABLE "Site" ADD COLUMN "businessHours" JSONB;
ALTER TABLE "Site" ADD COLUMN "awayMessage" TEXT;
