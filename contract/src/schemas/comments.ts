import { z } from 'zod';
import { TEXT } from '../limits.js';
import { PersonRef, text, Timestamp } from './common.js';

export const Comment = z
  .object({
    id: z.string(),
    ticketId: z.string(),
    author: PersonRef,
    body: z.string(),
    internal: z.boolean().meta({ description: 'A private note of the support team: never shown to customers' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Comment' });

export const CreateCommentBody = z
  .object({
    body: text(...TEXT.comment),
    internal: z.boolean().default(false).meta({ description: 'A private note of the support team (agents and admins only)' }),
  })
  .strict()
  .meta({ id: 'CreateComment' });

export const UpdateCommentBody = z.object({ body: text(...TEXT.comment) }).strict().meta({ id: 'UpdateComment' });

export type CommentJson = z.infer<typeof Comment>;
