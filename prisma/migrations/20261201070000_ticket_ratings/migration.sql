-- Ratings: a customer rates each resolution of their ticket once (1 to 5, an optional comment);
-- resolvedAt names the resolution, so a reopened and resolved again ticket can be rated again.
CREATE TABLE "TicketRating" (
    "id" TEXT NOT NULL,
    "ticketId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT,
    "resolvedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TicketRating_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "TicketRating_ticketId_resolvedAt_key" ON "TicketRating"("ticketId", "resolvedAt");
CREATE INDEX "TicketRating_createdAt_idx" ON "TicketRating"("createdAt");
CREATE INDEX "TicketRating_customerId_idx" ON "TicketRating"("customerId");

ALTER TABLE "TicketRating" ADD CONSTRAINT "TicketRating_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "TicketRating" ADD CONSTRAINT "TicketRating_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
