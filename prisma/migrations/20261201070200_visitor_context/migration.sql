-- Visitor context: the page, referrer, browser, OS, language and time zone of a widget visitor,
-- kept with their session and copied onto each ticket they open from it.
ALTER TABLE "User" ADD COLUMN "visitorContext" JSONB;
ALTER TABLE "Ticket" ADD COLUMN "visitorContext" JSONB;
