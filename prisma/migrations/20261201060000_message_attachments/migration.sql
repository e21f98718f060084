-- Chat messages carry attachments: a file uploaded to a ticket names the message that sent it.
ALTER TABLE "Attachment" ADD COLUMN "messageId" TEXT;
CREATE INDEX "Attachment_messageId_idx" ON "Attachment"("messageId");
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE SET NULL ON UPDATE CASCADE;
