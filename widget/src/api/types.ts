// The contract's shapes (types only: no zod in the bundle).
export type {
  AttachmentJson,
  CategoryJson,
  CommentJson,
  MessageJson,
  PersonRefJson,
  TicketEventJson,
  TicketJson,
  UnreadCountsJson,
  UserJson,
  WidgetConfigJson,
} from '@deskline/contract';
