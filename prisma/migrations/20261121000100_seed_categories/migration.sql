-- The categories every new Deskline starts with; admins can rename or remove them afterwards.
INSERT INTO "Category" ("id", "slug", "name", "description", "updatedAt") VALUES
  (gen_random_uuid()::text, 'billing', 'Billing', 'Invoices, payments, refunds and plans.', CURRENT_TIMESTAMP),
  (gen_random_uuid()::text, 'technical', 'Technical', 'Something does not work as it should.', CURRENT_TIMESTAMP),
  (gen_random_uuid()::text, 'general', 'General', 'Questions that fit nowhere else.', CURRENT_TIMESTAMP),
  (gen_random_uuid()::text, 'feature-request', 'Feature request', 'Ideas and wishes for the product.', CURRENT_TIMESTAMP),
  (gen_random_uuid()::text, 'bug-report', 'Bug report', 'A defect you can reproduce.', CURRENT_TIMESTAMP);
