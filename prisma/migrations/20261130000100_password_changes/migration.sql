-- Passwords can be changed: a forced change for printed/admin-set passwords, and revoking a
-- user's other tokens at once (tokens carry tokenVersion; keptTokenId is the session that changed it).
ALTER TABLE "User" ADD COLUMN "mustChangePassword" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "User" ADD COLUMN "tokenVersion" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "User" ADD COLUMN "keptTokenId" TEXT;
