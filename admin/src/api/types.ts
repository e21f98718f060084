// The shapes the console reads, inferred from the server's own zod schemas (one source of truth).
import type { z } from 'zod';
import type { AttachmentJson } from '../../../backend/src/attachments/schema';
import type { Category } from '../../../backend/src/categories/schema';
import type { CommentJson } from '../../../backend/src/comments/schema';
import type { Priority, Role, TicketStatus } from '../../../backend/src/http/schemas';
import type { MessageJson, UnreadCountsJson } from '../../../backend/src/messages/schema';
import type { SiteJson } from '../../../backend/src/sites/schema';
import type { TicketJson } from '../../../backend/src/tickets/schema';
import type { ManagedUser, UserJson } from '../../../backend/src/users/schema';

export type Ticket = TicketJson;
export type Attachment = AttachmentJson;
export type Comment = CommentJson;
export type Message = MessageJson;
export type UnreadCounts = UnreadCountsJson;
export type Site = SiteJson;
export type User = UserJson;
export type AdminUser = z.infer<typeof ManagedUser>;
export type CategoryJson = z.infer<typeof Category>;
export type Status = z.infer<typeof TicketStatus>;
export type PriorityValue = z.infer<typeof Priority>;
export type RoleValue = z.infer<typeof Role>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
