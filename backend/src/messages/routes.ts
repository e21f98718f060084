import { type Handlers, Reply } from '../http/endpoint.js';
import { listMessages, markRead, sendMessage } from './service.js';
import { unreadSummary } from './unread.js';

export const messageHandlers = {
  'GET /tickets/:id/messages': ({ ctx, user, params, query }) => listMessages(ctx, user, params.id, query),
  'POST /tickets/:id/messages': async ({ ctx, user, params, body, req }) => {
    const { message, created } = await sendMessage(ctx, user, params.id, body, req.ip ?? '');
    return new Reply(created ? 201 : 200, message);
  },
  'POST /tickets/:id/read': async ({ ctx, user, params, body }) => {
    await markRead(ctx, user, params.id, body.upTo);
    return new Reply(204);
  },
  'GET /messages/unread-count': ({ ctx, user }) => unreadSummary(ctx, user),
} satisfies Partial<Handlers>;
