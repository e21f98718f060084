// The shapes the console reads, under the console's names; all come from the contract.
export type {
  AttachmentJson as Attachment,
  CategoryJson,
  CommentJson as Comment,
  LabelJson as Label,
  SavedReplyJson as SavedReply,
  ManagedUserJson as AdminUser,
  MessageJson as Message,
  Page,
  Priority as PriorityValue,
  Role as RoleValue,
  SiteJson as Site,
  TicketJson as Ticket,
  TicketEventJson as TicketEvent,
  TicketStatus as Status,
  UnreadCountsJson as UnreadCounts,
  UserJson as User,
} from '@deskline/contract';
