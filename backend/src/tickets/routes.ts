import { endpoint, MAX_FILES_PER_REQUEST, Reply } from '../http/endpoint.js';
import { IdParams, Page } from '../http/schemas.js';
import { CreateTicketBody, Ticket, TicketListQuery, UpdateTicketBody } from './schema.js';
import { createTicket, deleteTicket, getTicket, listTickets, updateTicket } from './service.js';

const tag = 'Tickets';

export const ticketEndpoints = [
  endpoint({
    method: 'post',
    path: '/tickets',
    tag,
    summary: 'Open a ticket',
    description:
      'JSON, or multipart/form-data with the same fields plus up to 10 `attachment` file parts (each ≤ 10 MB, ' +
      'type checked from its bytes). The ticket starts OPEN.',
    access: 'user',
    body: CreateTicketBody,
    multipart: { fileField: 'attachment', maxFiles: MAX_FILES_PER_REQUEST },
    responses: {
      201: { description: 'Created', schema: Ticket },
      413: { description: 'An attachment is larger than 10 MB, or the files would pass the customer storage quota (QUOTA_EXCEEDED)' },
      415: { description: 'An attachment type is not allowed' },
      429: { description: 'Too many tickets, or too many uploaded bytes, from this user or address (RATE_LIMITED), with Retry-After' },
    },
    handle: ({ ctx, user, body, files, req }) => createTicket(ctx, user, body, files, req.ip ?? ''),
  }),
  endpoint({
    method: 'get',
    path: '/tickets',
    tag,
    summary: 'List tickets',
    description: 'Customers only ever see their own; admins see all. Newest first by default.',
    access: 'user',
    query: TicketListQuery,
    responses: { 200: { description: 'A page of tickets', schema: Page(Ticket) } },
    handle: ({ ctx, user, query }) => listTickets(ctx, user, query),
  }),
  endpoint({
    method: 'get',
    path: '/tickets/:id',
    tag,
    summary: 'Get a ticket',
    access: 'user',
    params: IdParams,
    responses: { 200: { description: 'The ticket', schema: Ticket } },
    handle: ({ ctx, user, params }) => getTicket(ctx, user, params.id),
  }),
  endpoint({
    method: 'patch',
    path: '/tickets/:id',
    tag,
    summary: 'Change a ticket',
    description:
      'The customer who owns it may change subject, description, category and priority, and set status CLOSED. ' +
      'Any other status or an assigneeId from a customer is 403. Admins may change everything, including ' +
      'status and assigneeId (an admin id, or null). Editing a CLOSED ticket without reopening it is 409.',
    access: 'user',
    params: IdParams,
    body: UpdateTicketBody,
    responses: {
      200: { description: 'Updated', schema: Ticket },
      403: { description: 'A customer tried to assign or to set a status other than CLOSED' },
      409: { description: 'The ticket is closed (TICKET_CLOSED)' },
    },
    handle: ({ ctx, user, params, body }) => updateTicket(ctx, user, params.id, body),
  }),
  endpoint({
    method: 'delete',
    path: '/tickets/:id',
    tag,
    summary: 'Delete a ticket with its comments, messages and files (owner or admin)',
    access: 'user',
    params: IdParams,
    responses: { 204: { description: 'Deleted' } },
    handle: async ({ ctx, user, params }) => {
      await deleteTicket(ctx, user, params.id);
      return new Reply(204);
    },
  }),
];
