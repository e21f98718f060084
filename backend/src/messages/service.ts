// Chat messages: stored first (idempotently, per sender and clientId), then published; read
// marks and unread counts are per side (the customer on one side, the support team on the other).
import type { z } from 'zod';
import type { AuthUser } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import { Prisma, type Message, type Ticket } from '../generated/prisma/client.js';
import { decodeSeqCursor, toPage } from '../http/cursor.js';
import { AppError, conflict } from '../http/errors.js';
import { appendToTicketStream, findVisibleTicket, type Viewer } from '../tickets/service.js';
import type { MessageJson, MessageListQuery, UnreadCountsJson } from './schema.js';

const senderSelect = { sender: { select: { id: true, name: true, role: true } } } as const;
type MessageWithSender = Message & { sender: { id: string; name: string; role: 'CUSTOMER' | 'ADMIN' } };

export function toMessageJson(message: MessageWithSender): MessageJson {
  return {
    id: message.id,
    ticketId: message.ticketId,
    sender: message.sender,
    body: message.body,
    clientId: message.clientId,
    createdAt: message.createdAt.toISOString(),
    readAt: message.readAt?.toISOString() ?? null,
  };
}

export interface SendResult {
  message: MessageJson;
  /** False when this clientId was already stored: the stored message is returned instead. */
  created: boolean;
}

export async function sendMessage(
  ctx: AppContext,
  user: AuthUser,
  ticketId: string,
  input: { body: string; clientId?: string },
): Promise<SendResult> {
  await findVisibleTicket(ctx, user, ticketId);
  const existing = input.clientId ? await findByClientId(ctx, user.id, input.clientId, ticketId) : undefined;
  if (existing) return { message: toMessageJson(existing), created: false };
  let stored: { result: MessageWithSender; ticket: Ticket };
  try {
    stored = await appendToTicketStream(
      ctx,
      ticketId,
      { staffReply: user.role === 'ADMIN', refuseWhenClosed: true },
      (tx, seq) =>
        tx.message.create({
          data: { ticketId, senderId: user.id, body: input.body, clientId: input.clientId ?? null, seq },
          include: senderSelect,
        }),
    );
  } catch (error) {
    // The same clientId raced in from another request (a retry, a second tab): return the winner.
    if (input.clientId && (error as { code?: string }).code === 'P2002') {
      const winner = await findByClientId(ctx, user.id, input.clientId, ticketId);
      if (winner) return { message: toMessageJson(winner), created: false };
    }
    throw error;
  }
  const message = toMessageJson(stored.result);
  ctx.events.emit('message.created', { message, ticket: stored.ticket });
  ctx.events.emit('unread.changed', unreadAudience(stored.ticket, user));
  return { message, created: true };
}

async function findByClientId(ctx: AppContext, senderId: string, clientId: string, ticketId: string) {
  const message = await ctx.db.message.findUnique({
    where: { senderId_clientId: { senderId, clientId } },
    include: senderSelect,
  });
  if (message && message.ticketId !== ticketId) {
    throw conflict('CLIENT_ID_REUSED', 'This clientId was already used for a message on another ticket');
  }
  return message ?? undefined;
}

/** Whose unread counts change when `actor` writes or reads on this ticket: the other side's. */
function unreadAudience(ticket: Ticket, actor: Viewer) {
  return actor.role === 'ADMIN' ? { userIds: [ticket.customerId], admins: false } : { userIds: [], admins: true };
}

/** Resolves a message id of this ticket to its stream position, or answers 400. */
async function positionOf(ctx: AppContext, ticketId: string, messageId: string, field: string): Promise<number> {
  const message = await ctx.db.message.findUnique({ where: { id: messageId }, select: { ticketId: true, seq: true } });
  if (!message || message.ticketId !== ticketId) {
    throw new AppError('VALIDATION_FAILED', 400, `${field} is not a message of this ticket`, [
      { path: field, message: 'is not a message of this ticket' },
    ]);
  }
  return message.seq;
}

export async function listMessages(ctx: AppContext, user: AuthUser, ticketId: string, query: z.infer<typeof MessageListQuery>) {
  await findVisibleTicket(ctx, user, ticketId);
  let after = query.after ? await positionOf(ctx, ticketId, query.after, 'query.after') : 0;
  if (query.cursor) {
    after = Math.max(after, decodeSeqCursor(query.cursor));
  }
  const rows = await ctx.db.message.findMany({
    where: { ticketId, seq: { gt: after } },
    include: senderSelect,
    orderBy: { seq: 'asc' },
    take: query.limit + 1,
  });
  const page = toPage(rows, query.limit, (m) => [m.seq]);
  return { items: page.items.map(toMessageJson), nextCursor: page.nextCursor };
}

/** Marks the other side's messages up to `upTo` as read. */
export async function markRead(ctx: AppContext, user: AuthUser, ticketId: string, upTo: string): Promise<void> {
  const ticket = await findVisibleTicket(ctx, user, ticketId);
  const seq = await positionOf(ctx, ticketId, upTo, 'upTo');
  const fromOtherSide = user.role === 'ADMIN' ? { senderId: ticket.customerId } : { senderId: { not: user.id } };
  const { count } = await ctx.db.message.updateMany({
    where: { ticketId, seq: { lte: seq }, readAt: null, ...fromOtherSide },
    data: { readAt: new Date() },
  });
  if (count > 0) {
    ctx.events.emit('message.read', { ticket, readerId: user.id, upTo });
    ctx.events.emit(
      'unread.changed',
      user.role === 'ADMIN' ? { userIds: [], admins: true } : { userIds: [user.id], admins: false },
    );
  }
}

/**
 * Unread chat messages per ticket for `viewer`: for a customer, the support team's messages on
 * their tickets; for admins, customers' messages on any ticket. Limited to `ticketIds` if given.
 */
export async function unreadCountsFor(ctx: AppContext, viewer: Viewer, ticketIds?: string[]): Promise<Map<string, number>> {
  if (ticketIds && ticketIds.length === 0) return new Map();
  const side =
    viewer.role === 'ADMIN'
      ? Prisma.sql`m."senderId" = t."customerId"`
      : Prisma.sql`t."customerId" = ${viewer.id} AND m."senderId" <> ${viewer.id}`;
  const only = ticketIds ? Prisma.sql`AND m."ticketId" IN (${Prisma.join(ticketIds)})` : Prisma.empty;
  const rows = await ctx.db.$queryRaw<{ ticketId: string; count: number }[]>`
    SELECT m."ticketId", count(*)::int AS "count"
    FROM "Message" m JOIN "Ticket" t ON t."id" = m."ticketId"
    WHERE m."readAt" IS NULL AND ${side} ${only}
    GROUP BY m."ticketId"`;
  return new Map(rows.map((r) => [r.ticketId, Number(r.count)]));
}

export async function unreadSummary(ctx: AppContext, viewer: Viewer): Promise<UnreadCountsJson> {
  const counts = await unreadCountsFor(ctx, viewer);
  const byTicket = Object.fromEntries(counts);
  return { total: [...counts.values()].reduce((a, b) => a + b, 0), byTicket };
}
