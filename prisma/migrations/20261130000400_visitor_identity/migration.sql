-- Visitor identity: whether a contact email was verified by a signed identity, and the generation
-- of a site's visitor sessions (bumped when its identity secret is rotated).
ALTER TABLE "User" ADD COLUMN "contactEmailVerified" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Site" ADD COLUMN "sessionEpoch" INTEGER NOT NULL DEFAULT 0;
