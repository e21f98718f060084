import { endpoint, Reply } from '../http/endpoint.js';
import { IdParams, Page, PageQuery } from '../http/schemas.js';
import { Comment, CreateCommentBody, UpdateCommentBody } from './schema.js';
import { addComment, deleteComment, editComment, listComments } from './service.js';

const tag = 'Comments';

export const commentEndpoints = [
  endpoint({
    method: 'get',
    path: '/tickets/:id/comments',
    tag,
    summary: "A ticket's comments, oldest first",
    description: 'Customers never see internal notes; their pages are filled with public comments only.',
    access: 'user',
    params: IdParams,
    query: PageQuery,
    responses: { 200: { description: 'Comments', schema: Page(Comment) } },
    handle: ({ ctx, user, params, query }) => listComments(ctx, user, params.id, query),
  }),
  endpoint({
    method: 'post',
    path: '/tickets/:id/comments',
    tag,
    summary: 'Comment on a ticket',
    description:
      'Allowed on CLOSED tickets too. `internal: true` makes a private note of the support team: admins only, ' +
      'and never shown to customers over REST or socket.',
    access: 'user',
    params: IdParams,
    body: CreateCommentBody,
    responses: {
      201: { description: 'Stored', schema: Comment },
      403: { description: 'A customer tried to write an internal note' },
      429: { description: 'Too many comments from this user or address (RATE_LIMITED), with Retry-After' },
    },
    handle: ({ ctx, user, params, body, req }) => addComment(ctx, user, params.id, body, req.ip ?? ''),
  }),
  endpoint({
    method: 'patch',
    path: '/comments/:id',
    tag,
    summary: "Edit a comment's text (author only)",
    access: 'user',
    params: IdParams,
    body: UpdateCommentBody,
    responses: {
      200: { description: 'Updated', schema: Comment },
      403: { description: 'The caller may see the comment but is not its author' },
      429: { description: 'Too many comments and edits from this user or address (RATE_LIMITED), with Retry-After' },
    },
    handle: ({ ctx, user, params, body, req }) => editComment(ctx, user, params.id, body.body, req.ip ?? ''),
  }),
  endpoint({
    method: 'delete',
    path: '/comments/:id',
    tag,
    summary: 'Delete a comment (author or admin)',
    access: 'user',
    params: IdParams,
    responses: {
      204: { description: 'Deleted' },
      403: { description: "A customer tried to delete someone else's comment" },
    },
    handle: async ({ ctx, user, params }) => {
      await deleteComment(ctx, user, params.id);
      return new Reply(204);
    },
  }),
];
