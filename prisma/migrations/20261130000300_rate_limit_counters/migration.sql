-- Failed sign-in counters live in the database, so a lockout survives a restart (also on PGlite).
CREATE TABLE "RateLimitCounter" (
    "key" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "expire" TIMESTAMP(3),

    CONSTRAINT "RateLimitCounter_pkey" PRIMARY KEY ("key")
);

CREATE INDEX "RateLimitCounter_expire_idx" ON "RateLimitCounter"("expire");

-- The customer storage quota sums attachment sizes per uploader.
CREATE INDEX "Attachment_uploaderId_idx" ON "Attachment"("uploaderId");
