// The contract's shapes (types only: no zod in the bundle).
export type {
  AttachmentJson,
  AuthJson,
  CategoryJson,
  CommentJson,
  MessageJson,
  Page,
  TicketJson,
  UnreadCountsJson,
  UserJson,
  WidgetConfigJson,
  WidgetSessionJson,
} from '@deskline/contract';
