import { type Handlers } from '../http/endpoint.js';
import { emailState, listOutbox } from './service.js';
import { sendTestEmail } from './notifications.js';

export const emailHandlers = {
  'GET /email/status': ({ ctx }) => emailState(ctx),
  'GET /email/outbox': ({ ctx, query }) => listOutbox(ctx, query),
  'POST /email/test': ({ ctx, user }) => sendTestEmail(ctx, user.id),
} satisfies Partial<Handlers>;
