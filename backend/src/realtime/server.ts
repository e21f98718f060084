// Socket.IO on the server's own http server: JWT at the handshake, rooms per ticket, per user
// and for the whole support team, and the client events (each answered through its ack).
import { randomUUID } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import {
  SocketPayloads,
  type Ack,
  type ClientToServerEvents,
  type ConnectRefusal,
  type ServerToClientEvents,
} from '@deskline/contract';
import { Server, type Socket } from 'socket.io';
import type { z } from 'zod';
import { assignNewTicket } from '../assignment/service.js';
import { isTeam, type AuthUser } from '../auth/principal.js';
import { authenticateToken } from '../auth/service.js';
import { onlineTeamNow, recordConsoleSeen } from './presence.js';
import type { AppContext } from '../context.js';
import { toAppError, validationError } from '../http/errors.js';
import { markRead, sendMessage, setTyping } from '../messages/service.js';
import { findVisibleTicket } from '../tickets/access.js';
import { attachBroadcaster, rooms } from './broadcast.js';

/** What the server keeps on each socket. */
export interface SocketData {
  user: AuthUser;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface Realtime {
  io: RealtimeServer;
  close(): Promise<void>;
}

export async function attachRealtime(ctx: AppContext, http: HttpServer): Promise<Realtime> {
  const io: RealtimeServer = new Server(http, {
    path: '/socket.io',
    serveClient: false,
    // Widgets connect from their host sites; the bearer token, not the origin, authenticates.
    cors: { origin: true, credentials: false },
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 20_000,
    pingTimeout: 20_000,
  });

  const redis = ctx.config.redisUrl ? await connectRedisAdapter(ctx, io, ctx.config.redisUrl, ctx.config.redisPrefix) : undefined;

  io.use(async (socket, next) => {
    try {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      const user = await authenticateToken(ctx, typeof token === 'string' ? token : undefined);
      // Like REST: nothing but changing a printed or admin-set password until it is changed.
      if (user.mustChangePassword) return next(refusal('password_change_required'));
      socket.data.user = user;
      next();
    } catch (error) {
      // A database outage says nothing about the token: tell the client to retry, not to sign in again.
      next(refusal(toAppError(error)?.status === 503 ? 'unavailable' : 'unauthorized'));
    }
  });

  io.on('connection', (socket) => onConnection(ctx, socket));
  const detachBroadcaster = attachBroadcaster(ctx, io);
  const detachAssignment = ctx.events.on('ticket.created', ({ ticket }) => {
    if (ticket.assigneeId) return;
    assignNewTicket(ctx, ticket.id, () => onlineTeamNow(io)).catch((error: unknown) => {
      ctx.log(`automatic assignment of ticket ${ticket.id} failed: ${(error as Error).message}`);
    });
  });

  return {
    io,
    close: async () => {
      detachBroadcaster();
      detachAssignment();
      // Only the sockets: the http server is closed (gracefully) by its owner.
      io.disconnectSockets(true);
      io.engine.close();
      await redis?.close();
    },
  };
}

const refusal = (reason: ConnectRefusal) => new Error(reason);

function onConnection(ctx: AppContext, socket: RealtimeSocket): void {
  const user = socket.data.user;
  void socket.join([
    // A portal link's session hears only the ticket it joins, not the customer's other tickets.
    ...(user.ticketScope ? [] : [rooms.user(user.id)]),
    rooms.token(user.jti),
    ...(isTeam(user) ? [rooms.team] : []),
    ...(user.siteId ? [rooms.siteVisitors(user.siteId)] : []),
  ]);
  // A token that expires while connected ends the connection; the client signs in again.
  // (Capped: Node fires at once any delay past 2^31-1 ms, about 24.8 days, e.g. with JWT_TTL=30d.)
  const expiry = setTimeout(() => socket.disconnect(true), Math.min(2_147_483_647, Math.max(0, user.exp * 1000 - Date.now())));
  socket.on('disconnect', () => clearTimeout(expiry));
  // A console open or just closed: email notifications wait for a member away for EMAIL_NOTIFY_DELAY.
  const seen = () => void recordConsoleSeen(ctx, user).catch(() => {});
  seen();
  socket.on('disconnect', seen);

  handle(ctx, socket, 'ticket:join', async (ticketId) => {
    await findVisibleTicket(ctx, user, ticketId);
    await socket.join(rooms.ticket(ticketId));
    return {};
  });
  handle(ctx, socket, 'ticket:leave', async (ticketId) => {
    await socket.leave(rooms.ticket(ticketId));
    return {};
  });
  handle(ctx, socket, 'message:send', async ({ ticketId, body, attachmentIds, clientId }) => {
    // The handshake's address, by the same TRUST_PROXY rule as REST: both spend one budget.
    const { message } = await sendMessage(ctx, user, ticketId, { body, attachmentIds, clientId }, ctx.limits.addressOf(socket.request));
    await publishesWritten();
    return { message };
  });
  handle(ctx, socket, 'typing', async ({ ticketId, typing }) => {
    await setTyping(ctx, user, ticketId, typing, { socketId: socket.id, joined: socket.rooms.has(rooms.ticket(ticketId)) });
    return {};
  });
  handle(ctx, socket, 'message:read', async ({ ticketId, upTo }) => {
    await markRead(ctx, user, ticketId, upTo);
    return {};
  });
}

/**
 * Resolves once the Redis publishes of what was just broadcast are written to the socket: the
 * Redis client writes on setImmediate, and a sender holding its ack must be able to count on the
 * other instances hearing the message, even if this process dies (kill -9) right after the ack.
 */
const publishesWritten = () => new Promise<void>((resolve) => setImmediate(resolve));

type AckResult<E extends keyof ClientToServerEvents> =
  Parameters<ClientToServerEvents[E]>[1] extends Ack<infer T> | undefined ? T : never;

/**
 * Validates the payload with the contract's schema, runs the handler, and answers the ack in the
 * contract's shape. Unknown errors are logged with an id that the ack names, as HTTP 500s are.
 */
function handle<E extends keyof typeof SocketPayloads & keyof ClientToServerEvents>(
  ctx: AppContext,
  socket: RealtimeSocket,
  event: E,
  handler: (payload: z.output<(typeof SocketPayloads)[E]>) => Promise<AckResult<E>>,
): void {
  const schema = SocketPayloads[event];
  // socket.io types each listener by its event; this one listener reads any of them as raw arguments.
  const on = socket.on.bind(socket) as (event: E, listener: (...args: unknown[]) => void) => void;
  on(event, async (...args: unknown[]) => {
    // The ack is the last argument when there is one, even with no payload before it.
    const ack = typeof args.at(-1) === 'function' ? args.pop() : undefined;
    const payload = args[0];
    const reply: Ack<AckResult<E>> = typeof ack === 'function' ? (ack as Ack<AckResult<E>>) : () => {};
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const error = validationError(parsed.error);
      reply({ ok: false, error: { code: error.code, message: error.message } });
      return;
    }
    try {
      reply({ ok: true, ...(await handler(parsed.data as z.output<(typeof SocketPayloads)[E]>)) });
    } catch (error) {
      const known = toAppError(error);
      if (known) {
        const wait = known.retryAfterSeconds;
        return reply({ ok: false, error: { code: known.code, message: known.message, ...(wait !== undefined ? { retryAfterSeconds: wait } : {}) } });
      }
      const requestId = randomUUID();
      const { user } = socket.data;
      ctx.log(`[${requestId}] socket ${event} failed (user ${user.id}, socket ${socket.id}): ${(error as Error)?.stack ?? String(error)}`);
      reply({ ok: false, error: { code: 'INTERNAL', message: `Something went wrong on our side (request ${requestId})` } });
    }
  });
}

/** How long start-up waits for Redis before serving this instance's own clients alone. */
const REDIS_START_WAIT_MS = 3_000;

/**
 * Joins the instances through Redis. Redis being unreachable (at start-up or later) never stops
 * this instance: it keeps serving its own clients, and the adapter heals when Redis answers again
 * (the subscriber re-subscribes by itself). Messages published meanwhile are not replayed: they
 * are stored, and other instances' clients get them by catch-up (GET …/messages?after=).
 */
async function connectRedisAdapter(ctx: AppContext, io: Server, url: string, key: string) {
  // No offline queue for the publisher: during an outage a publish fails at once instead of
  // piling up in memory (to be flushed late, or lost anyway, when Redis returns).
  const pub = createClient({ url, disableOfflineQueue: true });
  const sub = createClient({ url });
  for (const [role, client] of [['publisher', pub], ['subscriber', sub]] as const) {
    // One line per outage and one when it ends, not one per reconnection attempt.
    let down = false;
    client.on('error', (error: Error) => {
      if (down) return;
      down = true;
      ctx.log(`Redis ${role}: ${error.message || error.name}; serving this instance's clients alone until Redis answers`);
    });
    client.on('ready', () => {
      if (!down) return;
      down = false;
      ctx.log(`Redis ${role}: connected again`);
    });
  }
  // The adapter publishes without awaiting: a publish failing in an outage (or in flight when the
  // connection drops) must not become an unhandled rejection, which would end the process.
  const publish = pub.publish.bind(pub);
  Object.assign(pub, { publish: (...args: Parameters<typeof publish>) => publish(...args).catch(() => 0) });

  // The adapter subscribes once, in its constructor, without awaiting. A SUBSCRIBE lost to a
  // dropped connection rejects (unhandled: fatal), and node-redis re-subscribes on reconnection
  // only what succeeded, so such an instance would never hear the others: retry until it succeeds.
  let closed = false;
  for (const method of ['subscribe', 'pSubscribe'] as const) {
    const original = sub[method].bind(sub) as (...args: unknown[]) => Promise<unknown>;
    const persistently = (...args: unknown[]): Promise<unknown> =>
      original(...args).catch(async () => {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        return closed ? undefined : persistently(...args);
      });
    Object.assign(sub, { [method]: persistently });
  }

  const connected = Promise.all([pub.connect(), sub.connect()]).then(() => true);
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), REDIS_START_WAIT_MS)));
  if (!(await Promise.race([connected, waited]).finally(() => clearTimeout(timer)))) {
    ctx.log(`Redis did not answer within ${REDIS_START_WAIT_MS / 1000} s; starting anyway, joining the other instances when it does`);
  }
  connected.catch(() => {}); // the clients keep retrying by themselves; errors are logged above
  io.adapter(createAdapter(pub, sub, { key }));
  return {
    close: async () => {
      // Nothing pending matters at shutdown, and a graceful QUIT would wait for Redis if it is down.
      closed = true;
      pub.destroy();
      sub.destroy();
    },
  };
}
