// The one place that decides who hears what: each domain event is mapped to the rooms allowed to
// receive it (internal notes to admins only; a ticket's news to admins and its own customer).
import type { Server } from 'socket.io';
import { commentJsonFor } from '../comments/service.js';
import type { AppContext } from '../context.js';
import type { TicketRef } from '../events.js';
import { unreadSummariesForCustomers, unreadSummary } from '../messages/unread.js';
import { ticketJsonFor } from '../tickets/service.js';

export const rooms = {
  admins: 'admins',
  user: (id: string) => `user:${id}`,
  ticket: (id: string) => `ticket:${id}`,
  /** One room per token, so that logging out closes exactly that token's sockets. */
  token: (jti: string) => `token:${jti}`,
  /** A site's visitors, so that rotating its secret closes all of their sockets. */
  siteVisitors: (siteId: string) => `site-visitors:${siteId}`,
};

/** Admins see every ticket the same way, so one admin viewer stands for all of them. */
const ADMIN_VIEWER = { id: '', role: 'ADMIN' as const };

/** Unread counts are recomputed at most this often, however busy the chat (badges, not chat). */
const UNREAD_COALESCE_MS = 150;

export function attachBroadcaster(ctx: AppContext, io: Server): () => void {
  const report = (what: string) => (error: unknown) => ctx.log(`realtime: ${what} failed: ${(error as Error).message}`);
  /** Everyone who may follow a ticket: sockets in its room, all admins, and its customer's sockets. */
  const followers = (ticket: TicketRef) => io.to(rooms.ticket(ticket.id)).to(rooms.admins).to(rooms.user(ticket.customerId));

  const unread = new UnreadNotifier(ctx, io);
  const off = [
    ctx.events.on('message.created', ({ message, ticket }) => {
      followers(ticket).emit('message:new', message);
    }),
    ctx.events.on('message.read', ({ ticket, readerId, upTo }) => {
      followers(ticket).emit('message:read', { ticketId: ticket.id, userId: readerId, upTo });
    }),
    ctx.events.on('typing.changed', ({ socketId, ...event }) => {
      // Only sockets following the ticket's chat right now; the typist's own never hears itself.
      io.to(rooms.ticket(event.ticketId)).except(socketId).emit('typing', event);
    }),
    ctx.events.on('comment.created', ({ comment, ticket }) => {
      commentJsonFor(ctx, comment.id).then((json) => {
        if (!json) return;
        // Private notes never reach a customer's socket, whatever rooms it joined.
        if (comment.internal) io.to(rooms.admins).emit('comment:new', json);
        else followers(ticket).emit('comment:new', json);
      }, report('comment:new'));
    }),
    ctx.events.on('ticket.created', ({ ticket }) => {
      emitTicket(ctx, io, 'ticket:created', ticket).catch(report('ticket:created'));
    }),
    ctx.events.on('ticket.updated', ({ ticket }) => {
      emitTicket(ctx, io, 'ticket:updated', ticket).catch(report('ticket:updated'));
    }),
    ctx.events.on('ticket.deleted', ({ ticket }) => {
      io.to(rooms.admins).to(rooms.user(ticket.customerId)).emit('ticket:deleted', { id: ticket.id });
      io.in(rooms.ticket(ticket.id)).socketsLeave(rooms.ticket(ticket.id));
    }),
    ctx.events.on('unread.changed', ({ userIds, admins }) => unread.schedule(userIds, admins)),
    ctx.events.on('auth.revoked', ({ userId, jti, exceptJti }) => {
      const sockets = io.in(jti ? rooms.token(jti) : rooms.user(userId));
      (exceptJti ? sockets.except(rooms.token(exceptJti)) : sockets).disconnectSockets(true);
    }),
    ctx.events.on('site.sessionsEnded', ({ siteId }) => {
      io.in(rooms.siteVisitors(siteId)).disconnectSockets(true);
    }),
  ];
  return () => {
    off.forEach((stop) => stop());
    unread.stop();
  };
}

/** Admins get the admin view of a ticket, its customer their own view (unread counts differ). */
async function emitTicket(ctx: AppContext, io: Server, event: 'ticket:created' | 'ticket:updated', ticket: TicketRef) {
  const customer = { id: ticket.customerId, role: 'CUSTOMER' as const };
  const [asAdmin, asCustomer] = await Promise.all([ticketJsonFor(ctx, ADMIN_VIEWER, ticket.id), ticketJsonFor(ctx, customer, ticket.id)]);
  io.to(rooms.admins).except(rooms.user(ticket.customerId)).emit(event, asAdmin);
  io.to(rooms.user(ticket.customerId)).emit(event, asCustomer);
}

class UnreadNotifier {
  private users = new Set<string>();
  private admins = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ctx: AppContext,
    private readonly io: Server,
  ) {}

  schedule(userIds: string[], admins: boolean) {
    userIds.forEach((id) => this.users.add(id));
    this.admins ||= admins;
    this.timer ??= setTimeout(() => void this.flush(), UNREAD_COALESCE_MS);
  }

  stop() {
    clearTimeout(this.timer);
  }

  private async flush() {
    const users = [...this.users];
    const admins = this.admins;
    this.users.clear();
    this.admins = false;
    this.timer = undefined;
    try {
      if (admins) this.io.to(rooms.admins).emit('unread', await unreadSummary(this.ctx, ADMIN_VIEWER));
      for (const [id, counts] of await unreadSummariesForCustomers(this.ctx, users)) {
        this.io.to(rooms.user(id)).emit('unread', counts);
      }
    } catch (error) {
      this.ctx.log(`realtime: unread counts failed: ${(error as Error).message}`);
    }
  }
}
