-- Reports read tickets resolved in a window, and one site's tickets opened in one.
CREATE INDEX "Ticket_resolvedAt_idx" ON "Ticket"("resolvedAt");
CREATE INDEX "Ticket_siteId_createdAt_idx" ON "Ticket"("siteId", "createdAt");
