import { z } from 'zod';
import { MAX_FILES_PER_REQUEST, TEXT } from '../limits.js';
import { Attachment } from './attachments.js';
import { Id, PersonRef, text, Timestamp } from './common.js';

export const Message = z
  .object({
    id: z.string(),
    ticketId: z.string(),
    sender: PersonRef,
    body: z.string().meta({ description: 'Empty when the message only carries attachments' }),
    attachments: z.array(Attachment),
    clientId: z.string().nullable(),
    createdAt: Timestamp,
    readAt: Timestamp.nullable(),
  })
  .meta({ id: 'Message' });

export const ClientId = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
  .meta({ description: 'Chosen by the sender (e.g. a UUID); resending the same clientId never stores twice' });

export const SendMessageBody = z
  .object({
    body: text(...TEXT.message).optional().meta({ description: 'Required unless the message carries attachments' }),
    attachmentIds: z
      .array(Id)
      .max(MAX_FILES_PER_REQUEST)
      .optional()
      .meta({ description: 'Files the sender uploaded to this ticket (POST /tickets/:id/attachments) and sent with no message yet' }),
    clientId: ClientId.optional(),
  })
  .strict()
  .meta({ id: 'SendMessage' });

export const MessageListQuery = z.object({
  after: Id.optional().meta({ description: 'Only messages newer than this message id (the polling fallback)' }),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(500).optional(),
});

export const MarkReadBody = z
  .object({ upTo: Id.meta({ description: "The newest message being read; the other side's messages up to it are marked read" }) })
  .strict()
  .meta({ id: 'MarkRead' });

/** A socket `typing` event's body (there is no REST route: typing is only worth sending live). */
export const TypingBody = z.object({ typing: z.boolean() }).strict();

export const UnreadCounts = z
  .object({ total: z.number().int(), byTicket: z.record(z.string(), z.number().int()) })
  .meta({ id: 'UnreadCounts' });

export type MessageJson = z.infer<typeof Message>;
export type UnreadCountsJson = z.infer<typeof UnreadCounts>;
