-- The overview counts tickets by status, priority and assignment in one pass over this index alone
-- (an index-only scan), instead of three passes over the table.
CREATE INDEX "Ticket_status_priority_assigneeId_idx" ON "Ticket"("status", "priority", "assigneeId");
