-- Email notifications: each team member's choices, when their console was last open, the
-- notifications waiting for their window to end (claimed by one instance each), and password
-- reset links.
CREATE TABLE "NotificationPreference" (
    "userId" TEXT NOT NULL,
    "emailNewTicket" BOOLEAN NOT NULL DEFAULT true,
    "emailAssigned" BOOLEAN NOT NULL DEFAULT true,
    "emailCustomerReply" BOOLEAN NOT NULL DEFAULT true,
    "emailTicketUpdates" BOOLEAN NOT NULL DEFAULT true,
    "alertNewTicket" BOOLEAN NOT NULL DEFAULT true,
    "alertAssigned" BOOLEAN NOT NULL DEFAULT true,
    "alertCustomerReply" BOOLEAN NOT NULL DEFAULT true,
    "alertSound" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NotificationPreference_pkey" PRIMARY KEY ("userId")
);

CREATE TABLE "ConsolePresence" (
    "userId" TEXT NOT NULL,
    "seenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConsolePresence_pkey" PRIMARY KEY ("userId")
);

CREATE TABLE "EmailNotification" (
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "ticketId" TEXT NOT NULL,
    "recipientId" TEXT,
    "dueAt" TIMESTAMP(3),
    "windowStartAt" TIMESTAMP(3),
    "coveredSeq" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmailNotification_pkey" PRIMARY KEY ("key")
);

CREATE TABLE "PasswordReset" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "tokenVersion" INTEGER NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PasswordReset_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "EmailNotification_dueAt_idx" ON "EmailNotification"("dueAt");
CREATE INDEX "EmailNotification_ticketId_idx" ON "EmailNotification"("ticketId");
CREATE INDEX "EmailNotification_recipientId_idx" ON "EmailNotification"("recipientId");
CREATE UNIQUE INDEX "PasswordReset_tokenHash_key" ON "PasswordReset"("tokenHash");
CREATE INDEX "PasswordReset_userId_idx" ON "PasswordReset"("userId");

ALTER TABLE "NotificationPreference" ADD CONSTRAINT "NotificationPreference_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ConsolePresence" ADD CONSTRAINT "ConsolePresence_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "EmailNotification" ADD CONSTRAINT "EmailNotification_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "EmailNotification" ADD CONSTRAINT "EmailNotification_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "PasswordReset" ADD CONSTRAINT "PasswordReset_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
