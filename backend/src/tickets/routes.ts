import { type Handlers, Reply } from '../http/endpoint.js';
import { listTicketEvents } from './history.js';
import { bulkUpdateTickets, createTicket, deleteTicket, getTicket, listTickets, updateTicket } from './service.js';

export const ticketHandlers = {
  'POST /tickets': ({ ctx, user, body, files, req }) => createTicket(ctx, user, body, files, req.ip ?? ''),
  'GET /tickets': ({ ctx, user, query }) => listTickets(ctx, user, query),
  'GET /tickets/:id': ({ ctx, user, params }) => getTicket(ctx, user, params.id),
  'PATCH /tickets/:id': ({ ctx, user, params, body }) => updateTicket(ctx, user, params.id, body),
  'POST /tickets/bulk': ({ ctx, user, body }) => bulkUpdateTickets(ctx, user, body),
  'DELETE /tickets/:id': async ({ ctx, user, params }) => {
    await deleteTicket(ctx, user, params.id);
    return new Reply(204);
  },
  'GET /tickets/:id/events': ({ ctx, user, params, query }) => listTicketEvents(ctx, user, params.id, query),
} satisfies Partial<Handlers>;
