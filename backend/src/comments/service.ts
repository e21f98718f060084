// Comments: the ticket's permanent timeline. Each takes a position in the ticket's activity
// stream; internal notes belong to the support team and are, for customers, as if they did not exist.
import type { z } from 'zod';
import { isAdmin, isTeam, type AuthUser } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import type { Comment, Prisma, Ticket } from '../generated/prisma/client.js';
import { decodeSeqCursor, toPage } from '../http/cursor.js';
import { AppError, forbidden, notFound } from '../http/errors.js';
import type { PageQuery } from '@deskline/contract';
import { findVisibleTicket, type Viewer } from '../tickets/access.js';
import { appendToTicketStream } from '../tickets/service.js';
import { personSelect, toPersonRef } from '../users/service.js';
import type { CommentJson, CreateCommentBody, Role } from '@deskline/contract';

const authorSelect = { author: { select: personSelect } } as const;
export type CommentWithAuthor = Comment & { author: { id: string; name: string; role: Role; avatarKey: string | null } };

export function toCommentJson(ctx: AppContext, comment: CommentWithAuthor): CommentJson {
  return {
    id: comment.id,
    ticketId: comment.ticketId,
    author: toPersonRef(ctx, comment.author),
    body: comment.body,
    internal: comment.internal,
    createdAt: comment.createdAt.toISOString(),
    updatedAt: comment.updatedAt.toISOString(),
  };
}

/** The Comment JSON of a stored comment, or undefined once it is gone (for the realtime layer). */
export async function commentJsonFor(ctx: AppContext, id: string): Promise<CommentJson | undefined> {
  const comment = await ctx.db.comment.findUnique({ where: { id }, include: authorSelect });
  return comment ? toCommentJson(ctx, comment) : undefined;
}

/** Customers see only the public part of the timeline. */
const visibleTo = (viewer: Viewer): Prisma.CommentWhereInput => (isTeam(viewer) ? {} : { internal: false });

/**
 * A comment this user may see, with its ticket; otherwise 404. An internal note is answered like a
 * missing comment for customers, so its existence is never revealed.
 */
async function findVisibleComment(ctx: AppContext, user: Viewer, id: string): Promise<{ comment: CommentWithAuthor; ticket: Ticket }> {
  const comment = await ctx.db.comment.findUnique({ where: { id }, include: authorSelect });
  if (!comment || (comment.internal && !isTeam(user))) throw notFound('Comment');
  const ticket = await findVisibleTicket(ctx, user, comment.ticketId, 'Comment');
  return { comment, ticket };
}

export async function listComments(ctx: AppContext, user: AuthUser, ticketId: string, query: z.infer<typeof PageQuery>) {
  await findVisibleTicket(ctx, user, ticketId);
  let after = 0;
  if (query.cursor) {
    after = decodeSeqCursor(query.cursor);
  }
  // Internal notes are filtered in the query, not afterwards, so a customer's pages stay full.
  const rows = await ctx.db.comment.findMany({
    where: { ticketId, seq: { gt: after }, ...visibleTo(user) },
    include: authorSelect,
    orderBy: { seq: 'asc' },
    take: query.limit + 1,
  });
  const page = toPage(rows, query.limit, (c) => [c.seq]);
  return { items: page.items.map((c) => toCommentJson(ctx, c)), nextCursor: page.nextCursor };
}

export async function addComment(
  ctx: AppContext,
  user: AuthUser,
  ticketId: string,
  input: z.infer<typeof CreateCommentBody>,
  address: string,
): Promise<CommentJson> {
  await ctx.limits.charge('comment', user, address);
  await findVisibleTicket(ctx, user, ticketId);
  if (input.internal && !isTeam(user)) throw forbidden('Only the support team can write internal notes');
  // Comments stay open on a CLOSED ticket (unlike chat): the timeline is its permanent record.
  const { result: comment, ticket } = await appendToTicketStream(
    ctx,
    ticketId,
    { staffReply: isTeam(user) && !input.internal, refuseWhenClosed: false, internal: input.internal },
    (tx, seq) =>
      tx.comment.create({
        data: { ticketId, authorId: user.id, body: input.body, internal: input.internal, seq },
        include: authorSelect,
      }),
  );
  ctx.events.emit('comment.created', { comment, ticket });
  return toCommentJson(ctx, comment);
}

/** Edits spend the comment budget too: each one is broadcast like a new comment. */
export async function editComment(ctx: AppContext, user: AuthUser, id: string, body: string, address: string): Promise<CommentJson> {
  await ctx.limits.charge('comment', user, address);
  const { comment, ticket } = await findVisibleComment(ctx, user, id);
  if (comment.authorId !== user.id) throw forbidden('Only the author can edit a comment');
  let updated: CommentWithAuthor;
  try {
    updated = await ctx.db.comment.update({ where: { id }, data: { body }, include: authorSelect });
  } catch (error) {
    // Deleted (or its ticket deleted) between the check and the write.
    if ((error as { code?: string }).code === 'P2025') throw notFound('Comment');
    throw error;
  }
  ctx.events.emit('comment.updated', { comment: updated, ticket });
  return toCommentJson(ctx, updated);
}

export async function deleteComment(ctx: AppContext, user: AuthUser, id: string): Promise<void> {
  const { comment, ticket } = await findVisibleComment(ctx, user, id);
  if (!isAdmin(user) && comment.authorId !== user.id) throw forbidden('Only the author or an admin can delete a comment');
  const { count } = await ctx.db.comment.deleteMany({ where: { id } });
  if (count === 0) throw notFound('Comment');
  ctx.events.emit('comment.deleted', { comment, ticket });
}
