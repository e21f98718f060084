-- Search that scales: full-text indexes (English stemming) over what was written on a ticket, and
-- trigram indexes for parts of words, names and emails (they also serve ILIKE '%…%').
-- pg_trgm lives in one schema per database: use it wherever it already is, else add it here.
DO $$
DECLARE trgm text;
BEGIN
  SELECT quote_ident(n.nspname) INTO trgm FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
  IF trgm IS NULL THEN
    CREATE EXTENSION pg_trgm;
    SELECT quote_ident(n.nspname) INTO trgm FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
  END IF;
  EXECUTE format('CREATE INDEX "Ticket_subject_idx" ON "Ticket" USING gin ("subject" %s.gin_trgm_ops)', trgm);
  EXECUTE format('CREATE INDEX "Ticket_description_idx" ON "Ticket" USING gin ("description" %s.gin_trgm_ops)', trgm);
  EXECUTE format('CREATE INDEX "User_name_idx" ON "User" USING gin ("name" %s.gin_trgm_ops)', trgm);
  EXECUTE format('CREATE INDEX "User_email_idx" ON "User" USING gin ("email" %s.gin_trgm_ops)', trgm);
  EXECUTE format('CREATE INDEX "User_contactEmail_idx" ON "User" USING gin ("contactEmail" %s.gin_trgm_ops)', trgm);
END $$;

-- Expression indexes (schema.prisma cannot say these; drift.test.ts lists them).
CREATE INDEX "Ticket_subject_search_idx" ON "Ticket" USING gin (to_tsvector('english', "subject"));
CREATE INDEX "Ticket_description_search_idx" ON "Ticket" USING gin (to_tsvector('english', "description"));
CREATE INDEX "Comment_body_search_idx" ON "Comment" USING gin (to_tsvector('english', "body"));
CREATE INDEX "Message_body_search_idx" ON "Message" USING gin (to_tsvector('english', "body"));
