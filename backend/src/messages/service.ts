// Chat messages: stored first (idempotently, per sender and clientId), then published; read
// marks and unread counts are per side (the customer on one side, the support team on the other).
import type { z } from 'zod';
import { toAttachmentJson } from '../attachments/service.js';
import { isTeam, type AuthUser } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import { uuidv7 } from '../db/ids.js';
import type { TicketRef } from '../events.js';
import type { Attachment, Message, Prisma } from '../generated/prisma/client.js';
import { decodeSeqCursor, toPage } from '../http/cursor.js';
import { AppError, conflict } from '../http/errors.js';
import { findVisibleTicket, type Viewer } from '../tickets/access.js';
import { isFinished } from '../ratings/service.js';
import { appendToOpenTicketStream, isFollowUpOf, ticketForReply } from '../tickets/service.js';
import { personSelect, toPersonRef } from '../users/service.js';
import type { MessageJson, MessageListQuery, Role } from '@deskline/contract';

const senderSelect = {
  sender: { select: personSelect },
  attachments: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
} satisfies Prisma.MessageInclude;
type MessageWithSender = Pick<Message, 'id' | 'ticketId' | 'body' | 'clientId' | 'createdAt' | 'readAt'> & {
  sender: { id: string; name: string; role: Role; avatarKey?: string | null };
  attachments: Attachment[];
};

export function toMessageJson(ctx: AppContext, message: MessageWithSender): MessageJson {
  return {
    id: message.id,
    ticketId: message.ticketId,
    sender: toPersonRef(ctx, message.sender),
    body: message.body,
    attachments: message.attachments.map((a) => toAttachmentJson(ctx, a)),
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

/**
 * `address` is the sender's client address: REST and socket sends spend one budget (limits/).
 * Chat is the hot path, so a message is stored in one statement (appendToOpenTicketStream): it
 * checks that the sender may see the ticket and that it is not CLOSED, takes the ticket's next
 * stream position, and inserts the message unless this sender already stored this clientId.
 */
export async function sendMessage(
  ctx: AppContext,
  user: AuthUser,
  ticketId: string,
  input: { body?: string; attachmentIds?: string[]; clientId?: string },
  address: string,
  /** `reopens: false`: a customer's reply to a resolved or closed ticket is refused like the team's (used once it was redirected). */
  options: { reopens?: boolean; charged?: boolean } = {},
): Promise<SendResult> {
  const attachmentIds = [...new Set(input.attachmentIds ?? [])];
  if (!input.body && !attachmentIds.length) {
    throw new AppError('VALIDATION_FAILED', 400, 'Write a message or attach a file', [{ path: 'body', message: 'is required without attachments' }]);
  }
  if (!options.charged) await ctx.limits.charge('message', user, address);
  // Files must be the sender's and unsent, unless this resends a stored clientId (which sent them).
  const resend = attachmentIds.length > 0 && input.clientId ? await findByClientId(ctx, user.id, input.clientId, ticketId) : undefined;
  if (!resend) await assertSendable(ctx, user, ticketId, attachmentIds);
  const sender = { id: user.id, name: user.name, role: user.role, avatarKey: user.avatarKey ?? null };
  const appended = await appendToOpenTicketStream<StoredRow>(ctx, user, ticketId, { staffReply: isTeam(user), internal: false }, (param) => `
  INSERT INTO "Message" ("id", "ticketId", "senderId", "body", "clientId", "seq", "createdAt")
  SELECT ${param(uuidv7())}, stream."id", ${param(user.id)}, ${param(input.body ?? '')}, ${param(input.clientId ?? null)}, stream."lastSeq", now() FROM stream
  ON CONFLICT ("senderId", "clientId") DO NOTHING
  RETURNING "id", "ticketId", "body", "clientId",
            "createdAt" AT TIME ZONE 'UTC' AS "createdAt", "readAt" AT TIME ZONE 'UTC' AS "readAt"`);
  if (appended?.written) {
    const attachments = await attachToMessage(ctx, user, ticketId, appended.written.id, attachmentIds);
    const message = toMessageJson(ctx, { ...appended.written, sender, attachments });
    ctx.events.emit('message.created', { message, ticket: appended.ticket });
    ctx.events.emit('unread.changed', unreadAudience(appended.ticket, user));
    // A ticket's JSON lists its attachments, each naming its message: its followers get it again.
    if (attachments.length) ctx.events.emit('ticket.updated', { ticket: await findVisibleTicket(ctx, user, ticketId) });
    return { message, created: true };
  }
  // Nothing stored: a resend of a stored clientId, a closed ticket, or one this user may not see.
  const existing = resend ?? (input.clientId ? await findByClientId(ctx, user.id, input.clientId, ticketId) : undefined);
  if (existing) {
    // The instance that stored it may have died (kill -9) before broadcasting it, so its followers
    // hear it again, whether it is resent by REST or socket. Clients deduplicate by message id.
    const message = toMessageJson(ctx, existing);
    ctx.events.emit('message.created', { message, ticket: appended?.ticket ?? (await findVisibleTicket(ctx, user, ticketId)) });
    return { message, created: false };
  }
  const ticket = await findVisibleTicket(ctx, user, ticketId);
  if (isFinished(ticket.status) && ticket.customerId === user.id && options.reopens !== false) {
    // The customer's reply reopens the ticket, or goes to its follow-up: sent again there, once.
    return sendMessage(ctx, user, (await ticketForReply(ctx, user, ticket)).id, input, address, { charged: true, reopens: false });
  }
  // The team on a CLOSED ticket; a customer's reply already redirected once, if the ticket closed again meanwhile.
  if (isFinished(ticket.status)) throw conflict('TICKET_CLOSED', 'This ticket is closed: reopen it to chat');
  throw new Error(`message on ticket ${ticketId} was neither stored nor found`);
}

/**
 * Tells the ticket's followers that `user` started or stopped typing; the typist's own socket
 * (`from.socketId`) does not hear it. Typing comes per keystroke: a socket that already follows
 * the ticket (`from.joined`, checked when it joined) costs no query.
 */
export async function setTyping(
  ctx: AppContext,
  user: AuthUser,
  ticketId: string,
  typing: boolean,
  from: { socketId: string; joined: boolean },
): Promise<void> {
  if (!from.joined) await findVisibleTicket(ctx, user, ticketId);
  ctx.events.emit('typing.changed', {
    ticketId,
    user: { id: user.id, name: user.name, role: user.role },
    typing,
    socketId: from.socketId,
  });
}

/**
 * The files a message may carry: each uploaded by the sender to this ticket and not sent yet; else
 * 400 naming the first that is not (after a 404 for a ticket the sender may not see).
 */
async function assertSendable(ctx: AppContext, user: AuthUser, ticketId: string, attachmentIds: string[]): Promise<void> {
  if (!attachmentIds.length) return;
  await findVisibleTicket(ctx, user, ticketId);
  const found = await ctx.db.attachment.findMany({
    where: { id: { in: attachmentIds }, ticketId, uploaderId: user.id, messageId: null },
    select: { id: true },
  });
  const sendable = new Set(found.map((a) => a.id));
  const index = attachmentIds.findIndex((id) => !sendable.has(id));
  if (index >= 0) {
    throw new AppError('VALIDATION_FAILED', 400, 'An attached file is not one you uploaded to this ticket, or it was sent already', [
      { path: `attachmentIds.${index}`, message: 'is not a file you uploaded to this ticket and have not sent yet' },
    ]);
  }
}

/** Hangs the files on the stored message (those sent meanwhile by a concurrent message stay there). */
async function attachToMessage(ctx: AppContext, user: AuthUser, ticketId: string, messageId: string, attachmentIds: string[]) {
  if (!attachmentIds.length) return [];
  await ctx.db.attachment.updateMany({
    where: { id: { in: attachmentIds }, ticketId, uploaderId: user.id, messageId: null },
    data: { messageId },
  });
  return ctx.db.attachment.findMany({ where: { messageId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
}

interface StoredRow {
  id: string;
  ticketId: string;
  body: string;
  clientId: string | null;
  createdAt: Date;
  readAt: Date | null;
}

async function findByClientId(ctx: AppContext, senderId: string, clientId: string, ticketId: string) {
  const message = await ctx.db.message.findUnique({
    where: { senderId_clientId: { senderId, clientId } },
    include: senderSelect,
  });
  // A reply after the reopen window went to the ticket's follow-up: a resend finds it there.
  if (message && message.ticketId !== ticketId && !(await isFollowUpOf(ctx, message.ticketId, ticketId))) {
    throw conflict('CLIENT_ID_REUSED', 'This clientId was already used for a message on another ticket');
  }
  return message ?? undefined;
}

/** Whose unread counts change when `actor` writes or reads on this ticket: the other side's. */
function unreadAudience(ticket: TicketRef, actor: Viewer) {
  return isTeam(actor) ? { userIds: [ticket.customerId], team: false } : { userIds: [], team: true };
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
  return { items: page.items.map((m) => toMessageJson(ctx, m)), nextCursor: page.nextCursor };
}

/** Marks the other side's messages up to `upTo` as read. */
export async function markRead(ctx: AppContext, user: AuthUser, ticketId: string, upTo: string): Promise<void> {
  const ticket = await findVisibleTicket(ctx, user, ticketId);
  const seq = await positionOf(ctx, ticketId, upTo, 'upTo');
  const fromOtherSide = isTeam(user) ? { senderId: ticket.customerId } : { senderId: { not: user.id } };
  const { count } = await ctx.db.message.updateMany({
    where: { ticketId, seq: { lte: seq }, readAt: null, ...fromOtherSide },
    data: { readAt: new Date() },
  });
  if (count > 0) {
    ctx.events.emit('message.read', { ticket, readerId: user.id, upTo });
    ctx.events.emit(
      'unread.changed',
      isTeam(user) ? { userIds: [], team: true } : { userIds: [user.id], team: false },
    );
  }
}
