import { type Handlers, Reply } from '../http/endpoint.js';
import { addComment, deleteComment, editComment, listComments } from './service.js';

export const commentHandlers = {
  'GET /tickets/:id/comments': ({ ctx, user, params, query }) => listComments(ctx, user, params.id, query),
  'POST /tickets/:id/comments': ({ ctx, user, params, body, req }) => addComment(ctx, user, params.id, body, req.ip ?? ''),
  'PATCH /comments/:id': ({ ctx, user, params, body, req }) => editComment(ctx, user, params.id, body.body, req.ip ?? ''),
  'DELETE /comments/:id': async ({ ctx, user, params }) => {
    await deleteComment(ctx, user, params.id);
    return new Reply(204);
  },
} satisfies Partial<Handlers>;
