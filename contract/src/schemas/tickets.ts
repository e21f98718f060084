import { z } from 'zod';
import { ERROR_CODES } from '../errors.js';
import { TEXT } from '../limits.js';
import { Attachment } from './attachments.js';
import { LinkedTicket, TicketRating, VISITOR_CONTEXT_MAX, VisitorContext } from './closing.js';
import { Id, Priority, text, TicketStatus, Timestamp, UserSummary } from './common.js';
import { Label } from './labels.js';
import { Customer } from './users.js';

export const Ticket = z
  .object({
    id: z.string(),
    number: z.number().int().meta({ description: 'Human-friendly number, shown as #1042' }),
    subject: z.string(),
    description: z.string(),
    category: z.object({ slug: z.string(), name: z.string() }),
    priority: Priority,
    status: TicketStatus,
    customer: Customer,
    assignee: UserSummary.nullable(),
    site: UserSummary.nullable(),
    attachments: z.array(Attachment),
    unreadCount: z.number().int().meta({ description: "Chat messages from the other side that the caller hasn't read" }),
    createdAt: Timestamp,
    updatedAt: Timestamp.meta({ description: 'Last change the customer can see; internal notes never move it' }),
    activityAt: Timestamp.optional().meta({
      description: 'Admins only: last activity of any kind, internal notes included (never sent to customers)',
    }),
    labels: z.array(Label).optional().meta({ description: 'Support team only: the labels on the ticket, by name (never sent to customers)' }),
    linkedTicket: LinkedTicket.nullable().meta({ description: 'The earlier ticket this one follows up (“follow-up of #1042”), or null' }),
    rating: TicketRating.nullable().meta({ description: "The customer's latest rating, of this resolution or an earlier one" }),
    reopenUntil: Timestamp.nullable().meta({
      description:
        "Resolved or closed: until when a reply of the customer's reopens it; after, a reply opens a follow-up ticket. Null while open",
    }),
    awaitingRating: z.boolean().meta({
      description: 'Resolved or closed, and this resolution not rated yet: the customer is asked to rate it (POST /tickets/{id}/rating)',
    }),
    visitorContext: VisitorContext.nullable().optional().meta({
      description: 'Support team only: the widget visitor’s context when they opened the ticket (null when not opened from the widget)',
    }),
  })
  .meta({ id: 'Ticket' });

const CategorySlug = text(...TEXT.categorySlug);

/** Longest subject made from a description's first line, when a ticket is opened by typing. */
export const DERIVED_SUBJECT_MAX = 80;

export const CreateTicketBody = z
  .object({
    subject: text(...TEXT.subject)
      .optional()
      .meta({ description: `Defaults to the description's first line (at most ${DERIVED_SUBJECT_MAX} characters)` }),
    description: text(...TEXT.ticketDescription),
    category: CategorySlug.optional().meta({
      description: "Category slug; defaults to the site's default category, else `general`",
    }),
    priority: Priority.default('MEDIUM'),
    pageUrl: text(1, VISITOR_CONTEXT_MAX.url)
      .optional()
      .meta({
        description:
          "The host page the widget is on as the ticket is opened (the widget sends it): the ticket's visitor context keeps it " +
          "instead of the session's first page, which a single-page site may have left long ago. Ignored for customers of no site.",
      }),
  })
  .strict()
  .meta({
    id: 'CreateTicket',
    description:
      'JSON, or the same fields as multipart/form-data with optional `attachment` file parts. ' +
      "`{ description }` alone starts a ticket by typing, unless the customer's site requires the full form.",
  });

export const MAX_LABELS_PER_TICKET = 20;
/** How many tickets one bulk action may change. */
export const BULK_TICKETS_MAX = 100;

export const UpdateTicketBody = z
  .object({
    subject: text(...TEXT.subject).optional(),
    description: text(...TEXT.ticketDescription).optional(),
    category: CategorySlug.optional(),
    priority: Priority.optional(),
    status: TicketStatus.optional(),
    assigneeId: Id.nullable().optional().meta({ description: 'An active agent or admin, or null to unassign (support team only)' }),
    labels: z
      .array(Id)
      .max(MAX_LABELS_PER_TICKET)
      .optional()
      .meta({ description: 'The ids of all the labels the ticket carries from now on (support team only); unknown ids are a 400 naming them' }),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'must change at least one field')
  .meta({ id: 'UpdateTicket' });

export const BulkTicketBody = z
  .object({
    ids: z.array(Id).min(1).max(BULK_TICKETS_MAX).meta({ description: `The tickets to change, at most ${BULK_TICKETS_MAX}` }),
    patch: z
      .object({
        status: TicketStatus.optional(),
        priority: Priority.optional(),
        assigneeId: Id.nullable().optional().meta({ description: 'An active agent or admin, or null to unassign' }),
        addLabels: z.array(Id).min(1).max(MAX_LABELS_PER_TICKET).optional().meta({ description: 'Labels added to each ticket (the ones it has stay)' }),
      })
      .strict()
      .refine((patch) => Object.keys(patch).length > 0, 'must change at least one field'),
  })
  .strict()
  .meta({ id: 'BulkTicketUpdate' });

export const BulkTicketResult = z
  .object({
    results: z.array(
      z.discriminatedUnion('ok', [
        z.object({ id: z.string(), ok: z.literal(true), ticket: Ticket }),
        z.object({
          id: z.string(),
          ok: z.literal(false),
          error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).meta({ description: 'Why this ticket was not changed, as the PATCH would have answered' }),
        }),
      ]),
    ),
  })
  .meta({ id: 'BulkTicketResult' });

export const TICKET_SORTS = [
  '-createdAt',
  'createdAt',
  '-updatedAt',
  'updatedAt',
  '-activityAt',
  'activityAt',
  '-priority',
  'priority',
  '-number',
  'number',
] as const;

/** `a,b` lists of enum values, as the console's filters send them. */
function enumList<T extends z.ZodEnum<Record<string, string>>>(values: T) {
  return z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(values).min(1));
}

export const SEARCH_FIELDS = ['number', 'subject', 'customer', 'description', 'comment', 'note', 'message'] as const;

export const SearchMatch = z
  .object({
    field: z.enum(SEARCH_FIELDS).meta({
      description: 'Where the search matched: `note` is an internal note (support team only), `message` a chat message',
    }),
    text: z.string().meta({ description: 'A snippet of that field, around the match (plain text, never HTML)' }),
    highlights: z
      .array(z.object({ start: z.number().int().min(0), end: z.number().int().min(0) }))
      .meta({ description: 'The matched parts of `text`, as [start, end) offsets in UTF-16 code units, in order' }),
  })
  .meta({ id: 'SearchMatch' });

/** A ticket in a list: with `match` when the list was searched (`q`). */
export const TicketListItem = Ticket.extend({ match: SearchMatch.optional() }).meta({ id: 'TicketListItem' });

export const TicketListQuery = z.object({
  status: enumList(TicketStatus).optional().meta({ description: 'One status or a comma-separated list' }),
  priority: enumList(Priority).optional().meta({ description: 'One priority or a comma-separated list' }),
  category: CategorySlug.optional().meta({ description: 'Category slug' }),
  assignee: z.union([z.literal('me'), z.literal('none'), Id]).optional().meta({ description: '`me`, `none` or the id of an agent or admin' }),
  label: Id.optional().meta({ description: 'The id of a label the tickets carry (support team only)' }),
  q: text(...TEXT.search).optional().meta({
    description:
      'Searches subject and description, public replies, chat messages and the number (#1042); for the support team also ' +
      "internal notes and the customer's name and email. Words match in any form (refund finds refunded), \"quotes\" match a " +
      'phrase, and parts of words match subject, description, name and email. Each item then carries `match`',
  }),
  sort: z
    .enum([...TICKET_SORTS, 'relevance'])
    .optional()
    .meta({
      description:
        'Field to sort by; a leading `-` sorts descending. `activityAt` is for the support team only (400 for customers). ' +
        '`relevance` (the default with `q`; else `-createdAt`) puts the number first, then matches in the subject, the customer, ' +
        'the description, and replies, notes and chat, newest first within each',
    }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(500).optional(),
});

export type TicketJson = z.infer<typeof Ticket>;
export type TicketListItemJson = z.infer<typeof TicketListItem>;
export type SearchMatchJson = z.infer<typeof SearchMatch>;
