-- A team member's avatar: its file in storage and its sniffed image type.
ALTER TABLE "User" ADD COLUMN "avatarKey" TEXT;
ALTER TABLE "User" ADD COLUMN "avatarType" TEXT;
