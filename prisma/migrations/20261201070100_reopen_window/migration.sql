-- Closing the loop: a customer's reply reopens a resolved or closed ticket within the site's
-- window; after it, the reply opens a follow-up ticket that links to the old one.
ALTER TABLE "Site" ADD COLUMN "reopenWindowDays" INTEGER NOT NULL DEFAULT 7;
ALTER TABLE "Ticket" ADD COLUMN "linkedTicketId" TEXT;
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_linkedTicketId_fkey" FOREIGN KEY ("linkedTicketId") REFERENCES "Ticket"("id") ON DELETE SET NULL ON UPDATE CASCADE;
