import { z } from 'zod';
import { TEXT } from '../limits.js';
import { text, Timestamp } from './common.js';

/** The variables a saved reply may use, filled in by the console when it is inserted. */
export const SAVED_REPLY_VARIABLES = ['{{customer.name}}', '{{ticket.number}}', '{{agent.name}}'] as const;

export const SavedReply = z
  .object({
    id: z.string(),
    title: z.string(),
    body: z.string(),
    shared: z.boolean().meta({ description: 'Shared with the whole team (admins manage it); false: personal, seen by its owner alone' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'SavedReply' });

const body = text(...TEXT.savedReplyBody).meta({
  description: `The text inserted; ${SAVED_REPLY_VARIABLES.join(', ')} are filled in when it is inserted`,
});

export const CreateSavedReplyBody = z
  .object({
    title: text(...TEXT.savedReplyTitle),
    body,
    shared: z.boolean().default(false).meta({ description: 'Admins only; a personal reply belongs to its author' }),
  })
  .strict()
  .meta({ id: 'CreateSavedReply' });

export const UpdateSavedReplyBody = z
  .object({
    title: text(...TEXT.savedReplyTitle).optional(),
    body: body.optional(),
    shared: z.boolean().optional().meta({ description: 'Admins only: share a personal reply, or take a shared one back as their own' }),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'must change at least one field')
  .meta({ id: 'UpdateSavedReply' });

export type SavedReplyJson = z.infer<typeof SavedReply>;
