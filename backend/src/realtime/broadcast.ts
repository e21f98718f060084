// The one place that decides who hears what: each domain event is mapped to the rooms allowed to
// receive it (internal notes to the support team only; a ticket's news to the team and its own customer).
import type { Server } from 'socket.io';
import { commentJsonFor } from '../comments/service.js';
import type { AppContext } from '../context.js';
import type { TicketRef } from '../events.js';
import { unreadSummariesForCustomers, unreadSummary } from '../messages/unread.js';
import { ticketJsonFor } from '../tickets/service.js';

export const rooms = {
  /** The support team: every agent's and admin's sockets. */
  team: 'team',
  user: (id: string) => `user:${id}`,
  ticket: (id: string) => `ticket:${id}`,
  /** One room per token, so that logging out closes exactly that token's sockets. */
  token: (jti: string) => `token:${jti}`,
  /** A site's visitors, so that rotating its secret closes all of their sockets. */
  siteVisitors: (siteId: string) => `site-visitors:${siteId}`,
};

/** Agents and admins see every ticket the same way, so one team viewer stands for all of them. */
const TEAM_VIEWER = { id: '', role: 'AGENT' as const };

/** Unread counts are recomputed at most this often, however busy the chat (badges, not chat). */
const UNREAD_COALESCE_MS = 150;

export function attachBroadcaster(ctx: AppContext, io: Server): () => void {
  const report = (what: string) => (error: unknown) => ctx.log(`realtime: ${what} failed: ${(error as Error).message}`);
  /** Everyone who may follow a ticket: sockets in its room, the whole team, and its customer's sockets. */
  const followers = (ticket: TicketRef) => io.to(rooms.ticket(ticket.id)).to(rooms.team).to(rooms.user(ticket.customerId));

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
        if (comment.internal) io.to(rooms.team).emit('comment:new', json);
        else followers(ticket).emit('comment:new', json);
      }, report('comment:new'));
    }),
    ctx.events.on('ticket.created', ({ ticket }) => {
      emitTicket(ctx, io, 'ticket:created', ticket).catch(report('ticket:created'));
    }),
    ctx.events.on('ticket.updated', ({ ticket }) => {
      emitTicket(ctx, io, 'ticket:updated', ticket).catch(report('ticket:updated'));
    }),
    ctx.events.on('ticket.event', ({ event, ticket }) => {
      // Customers follow their ticket's status; who reassigned or relabelled it is the team's business.
      if (event.field === 'status') followers(ticket).emit('ticket:event', { event });
      else io.to(rooms.team).emit('ticket:event', { event });
    }),
    ctx.events.on('ticket.deleted', ({ ticket }) => {
      io.to(rooms.team).to(rooms.user(ticket.customerId)).emit('ticket:deleted', { id: ticket.id });
      io.in(rooms.ticket(ticket.id)).socketsLeave(rooms.ticket(ticket.id));
    }),
    ctx.events.on('unread.changed', ({ userIds, team }) => unread.schedule(userIds, team)),
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

/** The team gets the team's view of a ticket, its customer their own view (unread counts differ). */
async function emitTicket(ctx: AppContext, io: Server, event: 'ticket:created' | 'ticket:updated', ticket: TicketRef) {
  const customer = { id: ticket.customerId, role: 'CUSTOMER' as const };
  const [asTeam, asCustomer] = await Promise.all([ticketJsonFor(ctx, TEAM_VIEWER, ticket.id), ticketJsonFor(ctx, customer, ticket.id)]);
  io.to(rooms.team).except(rooms.user(ticket.customerId)).emit(event, asTeam);
  io.to(rooms.user(ticket.customerId)).emit(event, asCustomer);
}

class UnreadNotifier {
  private users = new Set<string>();
  private team = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ctx: AppContext,
    private readonly io: Server,
  ) {}

  schedule(userIds: string[], team: boolean) {
    userIds.forEach((id) => this.users.add(id));
    this.team ||= team;
    this.timer ??= setTimeout(() => void this.flush(), UNREAD_COALESCE_MS);
  }

  stop() {
    clearTimeout(this.timer);
  }

  private async flush() {
    const users = [...this.users];
    const team = this.team;
    this.users.clear();
    this.team = false;
    this.timer = undefined;
    try {
      if (team) this.io.to(rooms.team).emit('unread', await unreadSummary(this.ctx, TEAM_VIEWER));
      for (const [id, counts] of await unreadSummariesForCustomers(this.ctx, users)) {
        this.io.to(rooms.user(id)).emit('unread', counts);
      }
    } catch (error) {
      this.ctx.log(`realtime: unread counts failed: ${(error as Error).message}`);
    }
  }
}
