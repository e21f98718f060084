// Socket.IO on the server's own http server: JWT at the handshake, rooms per ticket, per user
// and for all admins, and the client events (each answered through its ack).
import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import type { AuthUser } from '../auth/principal.js';
import { authenticateToken } from '../auth/service.js';
import type { AppContext } from '../context.js';
import { toAppError, validationError } from '../http/errors.js';
import { Id } from '../http/schemas.js';
import { ClientId } from '../messages/schema.js';
import { markRead, sendMessage } from '../messages/service.js';
import { findVisibleTicket } from '../tickets/service.js';
import { attachBroadcaster, rooms } from './broadcast.js';

export type Ack = (response: { ok: true; [key: string]: unknown } | { ok: false; error: { code: string; message: string } }) => void;

export interface Realtime {
  io: Server;
  close(): Promise<void>;
}

const SendBody = z.object({ ticketId: Id, body: z.string().trim().min(1).max(5000), clientId: ClientId });
const TypingBody = z.object({ ticketId: Id, typing: z.boolean() });
const ReadBody = z.object({ ticketId: Id, upTo: Id });

export async function attachRealtime(ctx: AppContext, http: HttpServer): Promise<Realtime> {
  const io = new Server(http, {
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
      socket.data.user = await authenticateToken(ctx, typeof token === 'string' ? token : undefined);
      next();
    } catch {
      next(new Error('unauthorized'));
    }
  });

  io.on('connection', (socket) => onConnection(ctx, socket));
  const detachBroadcaster = attachBroadcaster(ctx, io);

  return {
    io,
    close: async () => {
      detachBroadcaster();
      // Only the sockets: the http server is closed (gracefully) by its owner.
      io.disconnectSockets(true);
      io.engine.close();
      await redis?.close();
    },
  };
}

function onConnection(ctx: AppContext, socket: Socket): void {
  const user = socket.data.user as AuthUser;
  void socket.join([rooms.user(user.id), rooms.token(user.jti), ...(user.role === 'ADMIN' ? [rooms.admins] : [])]);
  // A token that expires while connected ends the connection; the client signs in again.
  const expiry = setTimeout(() => socket.disconnect(true), Math.max(0, user.exp * 1000 - Date.now()));
  socket.on('disconnect', () => clearTimeout(expiry));

  handle(socket, 'ticket:join', Id, async (ticketId) => {
    await findVisibleTicket(ctx, user, ticketId);
    await socket.join(rooms.ticket(ticketId));
    return {};
  });
  handle(socket, 'ticket:leave', Id, async (ticketId) => {
    await socket.leave(rooms.ticket(ticketId));
    return {};
  });
  handle(socket, 'message:send', SendBody, async ({ ticketId, body, clientId }) => {
    const { message } = await sendMessage(ctx, user, ticketId, { body, clientId });
    return { message };
  });
  handle(socket, 'typing', TypingBody, async ({ ticketId, typing }) => {
    // Only where the socket has joined, which was checked at join time: no query per keystroke.
    if (!socket.rooms.has(rooms.ticket(ticketId))) await findVisibleTicket(ctx, user, ticketId);
    socket.to(rooms.ticket(ticketId)).emit('typing', { ticketId, user: { id: user.id, name: user.name, role: user.role }, typing });
    return {};
  });
  handle(socket, 'message:read', ReadBody, async ({ ticketId, upTo }) => {
    await markRead(ctx, user, ticketId, upTo);
    return {};
  });
}

/** Validates the payload, runs the handler, and answers the ack in the contract's shape. */
function handle<S extends z.ZodType>(
  socket: Socket,
  event: string,
  schema: S,
  handler: (payload: z.infer<S>) => Promise<Record<string, unknown>>,
): void {
  socket.on(event, async (payload: unknown, ack?: unknown) => {
    const reply: Ack = typeof ack === 'function' ? (ack as Ack) : () => {};
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const error = validationError(parsed.error);
      reply({ ok: false, error: { code: error.code, message: error.message } });
      return;
    }
    try {
      reply({ ok: true, ...(await handler(parsed.data)) });
    } catch (error) {
      const known = toAppError(error);
      if (!known) console.error(`socket ${event} failed:`, error);
      reply({ ok: false, error: { code: known?.code ?? 'INTERNAL', message: known?.message ?? 'Something went wrong on our side' } });
    }
  });
}

async function connectRedisAdapter(ctx: AppContext, io: Server, url: string, key: string) {
  const pub = createClient({ url });
  const sub = pub.duplicate();
  for (const client of [pub, sub]) {
    // The adapter reconnects by itself; meanwhile each instance keeps serving its own sockets.
    client.on('error', (error: Error) => ctx.log(`Redis: ${error.message}`));
  }
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub, { key }));
  return {
    close: async () => {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
