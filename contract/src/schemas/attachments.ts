import { z } from 'zod';
import { Timestamp } from './common.js';

export const Attachment = z
  .object({
    id: z.string(),
    filename: z.string(),
    mimeType: z.string(),
    size: z.number().int(),
    url: z.string().meta({ description: 'Short-lived signed URL that works without a token (e.g. for <img>)' }),
    messageId: z.string().nullable().meta({ description: 'The chat message that carries it; null for a file attached to the ticket' }),
    createdAt: Timestamp,
  })
  .meta({ id: 'Attachment' });

export const DownloadQuery = z.object({
  expires: z.coerce.number().int().optional(),
  signature: z.string().max(128).optional(),
});

export type AttachmentJson = z.infer<typeof Attachment>;
