// The contract's shapes (types only: no zod in the bundle).
export type {
  CategoryJson,
  CommentJson,
  MessageJson,
  TicketJson,
  UnreadCountsJson,
  UserJson,
  WidgetConfigJson,
} from '@deskline/contract';
