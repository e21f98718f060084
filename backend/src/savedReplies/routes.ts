import { type Handlers, Reply } from '../http/endpoint.js';
import { createSavedReply, deleteSavedReply, listSavedReplies, updateSavedReply } from './service.js';

export const savedReplyHandlers = {
  'GET /saved-replies': ({ ctx, user }) => listSavedReplies(ctx, user),
  'POST /saved-replies': ({ ctx, user, body }) => createSavedReply(ctx, user, body),
  'PATCH /saved-replies/:id': ({ ctx, user, params, body }) => updateSavedReply(ctx, user, params.id, body),
  'DELETE /saved-replies/:id': async ({ ctx, user, params }) => {
    await deleteSavedReply(ctx, user, params.id);
    return new Reply(204);
  },
} satisfies Partial<Handlers>;
