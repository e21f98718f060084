-- A ticket's history: who changed its status, priority, assignee, category or labels, when, from
-- what to what. Written in the same transaction as the change; read by the ticket, oldest first.
CREATE TYPE "TicketEventField" AS ENUM ('status', 'priority', 'assignee', 'category', 'labels');

CREATE TABLE "TicketEvent" (
    "id" TEXT NOT NULL,
    "ticketId" TEXT NOT NULL,
    "actorId" TEXT,
    "field" "TicketEventField" NOT NULL,
    "from" JSONB NOT NULL,
    "to" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TicketEvent_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "TicketEvent_ticketId_createdAt_id_idx" ON "TicketEvent"("ticketId", "createdAt", "id");
CREATE INDEX "TicketEvent_actorId_idx" ON "TicketEvent"("actorId");

ALTER TABLE "TicketEvent" ADD CONSTRAINT "TicketEvent_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "TicketEvent" ADD CONSTRAINT "TicketEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
