-- The support team's "last activity" of a ticket, internal notes included, kept apart from the
-- customer-visible "updatedAt" so that a private note cannot be detected by the customer.
ALTER TABLE "Ticket" ADD COLUMN "activityAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- Until now every activity moved "updatedAt": it is the best start for existing tickets.
UPDATE "Ticket" SET "activityAt" = "updatedAt";

CREATE INDEX "Ticket_activityAt_idx" ON "Ticket"("activityAt");
