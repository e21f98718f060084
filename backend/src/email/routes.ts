import { type Handlers } from '../http/endpoint.js';
import { emailState, listOutbox } from './service.js';

export const emailHandlers = {
  'GET /email/status': ({ ctx }) => emailState(ctx),
  'GET /email/outbox': ({ ctx, query }) => listOutbox(ctx, query),
} satisfies Partial<Handlers>;
