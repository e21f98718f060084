import { type Handlers, Reply } from '../http/endpoint.js';
import { rateTicket } from './service.js';

export const ratingHandlers = {
  'POST /tickets/:id/rating': async ({ ctx, user, params, body, req }) =>
    new Reply(201, await rateTicket(ctx, user, params.id, body, req.ip ?? '')),
} satisfies Partial<Handlers>;
