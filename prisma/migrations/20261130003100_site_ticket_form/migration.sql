-- Start by typing: a site's default category for tickets opened with a description alone, and
-- whether its customers must fill the full form (subject and category) instead.
ALTER TABLE "Site" ADD COLUMN "defaultCategoryId" TEXT;
ALTER TABLE "Site" ADD COLUMN "requireTicketForm" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Site" ADD CONSTRAINT "Site_defaultCategoryId_fkey" FOREIGN KEY ("defaultCategoryId") REFERENCES "Category"("id") ON DELETE SET NULL ON UPDATE CASCADE;
