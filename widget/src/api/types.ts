// The contract's shapes, straight from the server's zod schemas (types only: no zod in the bundle).
export type { TicketJson } from '../../../backend/src/tickets/schema.js';
export type { MessageJson, UnreadCountsJson } from '../../../backend/src/messages/schema.js';
export type { CommentJson } from '../../../backend/src/comments/schema.js';
export type { AttachmentJson } from '../../../backend/src/attachments/schema.js';
export type { UserJson } from '../../../backend/src/users/schema.js';
import type { z } from 'zod';
import type { WidgetConfig, WidgetSession } from '../../../backend/src/widget/schema.js';
import type { AuthResponse } from '../../../backend/src/auth/schema.js';
import type { Category } from '../../../backend/src/categories/schema.js';

export type WidgetConfigJson = z.infer<typeof WidgetConfig>;
export type WidgetSessionJson = z.infer<typeof WidgetSession>;
export type AuthJson = z.infer<typeof AuthResponse>;
export type CategoryJson = z.infer<typeof Category>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
