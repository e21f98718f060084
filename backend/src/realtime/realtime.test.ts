import jwt from 'jsonwebtoken';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { RealtimeClient } from '@deskline/contract/client';

let server: TestServer;
let admin: TestUser;
let alice: TestUser;
let bob: TestUser;
const open: Array<{ close(): void }> = [];

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.createUser('ADMIN', 'Agent');
  alice = await server.createUser('CUSTOMER', 'Alice');
  bob = await server.createUser('CUSTOMER', 'Bob');
});
afterEach(() => {
  open.splice(0).forEach((s) => s.close());
});
afterAll(() => server?.close());

function socketFor(token: string | undefined): Socket {
  const socket = connect(server.url, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true });
  open.push(socket);
  return socket;
}

async function connected(token: string): Promise<Socket> {
  const socket = socketFor(token);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

function client(user: TestUser, options: { ackTimeoutMs?: number } = {}): RealtimeClient {
  const c = new RealtimeClient({ url: server.url, token: user.token, socketOptions: { transports: ['websocket'], forceNew: true, reconnectionDelay: 50, reconnectionDelayMax: 100 }, ...options });
  open.push(c);
  return c;
}

/** Resolves with the next `event` payload matching `filter`, or rejects after `ms`. */
function next<T = any>(socket: Socket, event: string, filter: (payload: T) => boolean = () => true, ms = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no ${event} within ${ms} ms`));
    }, ms);
    const listener = (payload: T) => {
      if (!filter(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/** Collects every `event` payload for `ms`, to prove that something did NOT arrive. */
function collect<T = any>(socket: Socket, event: string): { items: T[]; stop(): T[] } {
  const items: T[] = [];
  const listener = (payload: T) => items.push(payload);
  socket.on(event, listener);
  return { items, stop: () => (socket.off(event, listener), items) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function openTicket(owner: TestUser, subject = 'Cannot log in') {
  const res = await server.api('POST', '/tickets', { token: owner.token, body: { subject, description: 'Help please', category: 'general' } });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

async function connectError(token: string | undefined): Promise<string> {
  const socket = socketFor(token);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected')));
    socket.once('connect_error', (error) => resolve(error.message));
  });
}

describe('handshake', () => {
  it('refuses a missing, bad, expired or revoked token with "unauthorized"', async () => {
    const user = await server.createUser();
    const expired = jwt.sign({ role: 'CUSTOMER' }, server.ctx.config.jwtSecret, { subject: user.id, jwtid: 'e', expiresIn: -5 });
    expect(await connectError(undefined)).toBe('unauthorized');
    expect(await connectError('not-a-jwt')).toBe('unauthorized');
    expect(await connectError(expired)).toBe('unauthorized');
    await server.api('POST', '/auth/logout', { token: user.token });
    expect(await connectError(user.token)).toBe('unauthorized');
  });

  it('logging out disconnects that token\'s live sockets', async () => {
    const user = await server.createUser();
    const socket = await connected(user.token);
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    expect((await server.api('POST', '/auth/logout', { token: user.token })).status).toBe(204);
    expect(await gone).toBe('io server disconnect');
  });

  it("disabling a user disconnects all of that user's sockets", async () => {
    const user = await server.createUser();
    const sockets = [await connected(user.token), await connected(user.token)];
    const gone = sockets.map((s) => new Promise((resolve) => s.once('disconnect', resolve)));
    await server.api('PATCH', `/users/${user.id}`, { token: admin.token, body: { disabled: true } });
    await Promise.all(gone);
  });
});

describe('rooms and privacy', () => {
  it("a customer cannot join another customer's ticket room", async () => {
    const ticket = await openTicket(alice);
    const socket = await connected(bob.token);
    const ack = await socket.emitWithAck('ticket:join', ticket.id);
    expect(ack).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) });
    const own = await connected(alice.token);
    expect(await own.emitWithAck('ticket:join', ticket.id)).toEqual({ ok: true });
  });

  it("a customer never receives another's messages, typing or notes", async () => {
    const ticket = await openTicket(alice);
    const aliceSocket = await connected(alice.token);
    const bobSocket = await connected(bob.token);
    await aliceSocket.emitWithAck('ticket:join', ticket.id);
    await bobSocket.emitWithAck('ticket:join', ticket.id); // refused
    const adminSocket = await connected(admin.token);
    await adminSocket.emitWithAck('ticket:join', ticket.id);
    const bobEvents = ['message:new', 'typing', 'comment:new', 'message:read', 'ticket:updated'].map((e) => collect(bobSocket, e));
    const aliceComments = collect(aliceSocket, 'comment:new');

    const fromAdmin = await adminSocket.emitWithAck('message:send', { ticketId: ticket.id, body: 'hello Alice', clientId: 'p-1' });
    expect(fromAdmin.ok).toBe(true);
    adminSocket.emit('typing', { ticketId: ticket.id, typing: true });
    const bobTyping = await bobSocket.emitWithAck('typing', { ticketId: ticket.id, typing: true });
    expect(bobTyping.ok).toBe(false);
    await server.api('POST', `/tickets/${ticket.id}/comments`, { token: admin.token, body: { body: 'private note', internal: true } });
    const publicComment = next(aliceSocket, 'comment:new');
    await server.api('POST', `/tickets/${ticket.id}/comments`, { token: admin.token, body: { body: 'public reply' } });
    expect((await publicComment).body).toBe('public reply');
    await sleep(200);
    expect(bobEvents.flatMap((c) => c.stop())).toEqual([]);
    expect(aliceComments.stop().map((c: { body: string }) => c.body)).toEqual(['public reply']);
  });

  it('private notes reach admins', async () => {
    const ticket = await openTicket(alice);
    const adminSocket = await connected(admin.token);
    const note = next(adminSocket, 'comment:new', (c) => c.ticketId === ticket.id);
    await server.api('POST', `/tickets/${ticket.id}/comments`, { token: admin.token, body: { body: 'only us', internal: true } });
    expect(await note).toMatchObject({ body: 'only us', internal: true });
  });
});

describe('chat over the socket', () => {
  it('acks only after the message is stored, and a repeated clientId is stored once', async () => {
    const ticket = await openTicket(alice);
    const socket = await connected(alice.token);
    const ack = await socket.emitWithAck('message:send', { ticketId: ticket.id, body: 'stored?', clientId: 'k-1' });
    expect(ack.ok).toBe(true);
    const list = await server.api('GET', `/tickets/${ticket.id}/messages`, { token: alice.token });
    expect(list.body.items.map((m: { id: string }) => m.id)).toEqual([ack.message.id]);
    const again = await socket.emitWithAck('message:send', { ticketId: ticket.id, body: 'stored?', clientId: 'k-1' });
    expect(again.message.id).toBe(ack.message.id);
    expect((await server.api('GET', `/tickets/${ticket.id}/messages`, { token: alice.token })).body.items).toHaveLength(1);
  });

  it('validates socket payloads and refuses chat on a CLOSED ticket', async () => {
    const ticket = await openTicket(alice);
    const socket = await connected(alice.token);
    for (const payload of [undefined, 'x', { ticketId: ticket.id }, { ticketId: ticket.id, body: '', clientId: 'a' }, { ticketId: ticket.id, body: 'x'.repeat(5001), clientId: 'a' }]) {
      const ack = await socket.emitWithAck('message:send', payload);
      expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    }
    await server.api('PATCH', `/tickets/${ticket.id}`, { token: admin.token, body: { status: 'CLOSED' } });
    // The team must reopen a closed ticket to chat; the customer's reply reopens it (closing-the-loop.test.ts).
    const staff = await connected(admin.token);
    const ack = await staff.emitWithAck('message:send', { ticketId: ticket.id, body: 'hello?', clientId: 'closed-1' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'TICKET_CLOSED' } });
  });

  it('refuses over the socket exactly the text REST refuses, with the same VALIDATION_FAILED, and stores nothing', async () => {
    const ticket = await openTicket(alice);
    const socket = await connected(alice.token);
    const refusedBodies = [
      ['a lone high surrogate', { body: 'a\ud800b' }],
      ['a lone low surrogate', { body: 'x\udfffy' }],
      ['a NUL', { body: 'a\u0000b' }],
      ['only spaces', { body: '   ' }],
      ['too long', { body: 'x'.repeat(5001) }],
      ['an unknown field', { body: 'hello', extra: 1 }],
      ['a clientId with spaces', { body: 'hello', clientId: 'a b' }],
    ] as const;
    for (const [what, body] of refusedBodies) {
      const rest = await server.api('POST', `/tickets/${ticket.id}/messages`, { token: alice.token, body });
      expect(rest.status, what).toBe(400);
      expect(rest.body.error.code, what).toBe('VALIDATION_FAILED');
      const ack = await socket.emitWithAck('message:send', { ticketId: ticket.id, clientId: `v-${what.length}`, ...body });
      expect(ack, what).toEqual({ ok: false, error: { code: 'VALIDATION_FAILED', message: rest.body.error.message } });
    }
    expect((await server.api('GET', `/tickets/${ticket.id}/messages`, { token: alice.token })).body.items, 'nothing stored').toEqual([]);

    for (const [what, body] of [
      ['an id of the wrong shape', { upTo: 'not an id!' }],
      ['an unknown field', { upTo: ticket.id, extra: true }],
    ] as const) {
      const rest = await server.api('POST', `/tickets/${ticket.id}/read`, { token: alice.token, body });
      expect(rest.status, what).toBe(400);
      const ack = await socket.emitWithAck('message:read', { ticketId: ticket.id, ...body });
      expect(ack, what).toEqual({ ok: false, error: { code: 'VALIDATION_FAILED', message: rest.body.error.message } });
    }
    for (const payload of [{ ticketId: ticket.id, typing: 'yes' }, { ticketId: ticket.id, typing: true, extra: 1 }]) {
      expect(await socket.emitWithAck('typing', payload)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    }
  });

  it('messages sent over REST are broadcast like socket ones', async () => {
    const ticket = await openTicket(alice);
    const socket = await connected(alice.token);
    await socket.emitWithAck('ticket:join', ticket.id);
    const arrived = next(socket, 'message:new', (m) => m.ticketId === ticket.id);
    const sent = await server.api('POST', `/tickets/${ticket.id}/messages`, { token: admin.token, body: { body: 'via REST' } });
    expect(await arrived).toEqual(sent.body);
  });

  it('a REST resend of a stored clientId is heard again by followers, as a socket resend is', async () => {
    // The instance that stored it may have died before broadcasting it: the resend is its only chance.
    const ticket = await openTicket(alice);
    const socket = await connected(alice.token);
    await socket.emitWithAck('ticket:join', ticket.id);
    const first = next(socket, 'message:new', (m) => m.clientId === 'rest-resend');
    const sent = await server.api('POST', `/tickets/${ticket.id}/messages`, { token: admin.token, body: { body: 'again?', clientId: 'rest-resend' } });
    expect(sent.status).toBe(201);
    expect(await first).toEqual(sent.body);
    const again = next(socket, 'message:new', (m) => m.clientId === 'rest-resend');
    const resent = await server.api('POST', `/tickets/${ticket.id}/messages`, { token: admin.token, body: { body: 'again?', clientId: 'rest-resend' } });
    expect(resent.status).toBe(200);
    expect(await again).toEqual(sent.body);
  });

  it('relays typing to the other side, and read receipts with unread counts', async () => {
    const ticket = await openTicket(alice);
    const aliceSocket = await connected(alice.token);
    const adminSocket = await connected(admin.token);
    await aliceSocket.emitWithAck('ticket:join', ticket.id);
    await adminSocket.emitWithAck('ticket:join', ticket.id);
    const typing = next(aliceSocket, 'typing');
    adminSocket.emit('typing', { ticketId: ticket.id, typing: true });
    expect(await typing).toEqual({ ticketId: ticket.id, user: { id: admin.id, name: 'Agent', role: 'ADMIN' }, typing: true });

    const unread = next(aliceSocket, 'unread', (u) => u.byTicket[ticket.id] === 1);
    const sent = await adminSocket.emitWithAck('message:send', { ticketId: ticket.id, body: 'read me', clientId: 'r-1' });
    expect((await unread).total).toBeGreaterThanOrEqual(1);

    const receipt = next(adminSocket, 'message:read');
    const cleared = next(aliceSocket, 'unread', (u) => !u.byTicket[ticket.id]);
    expect(await aliceSocket.emitWithAck('message:read', { ticketId: ticket.id, upTo: sent.message.id })).toEqual({ ok: true });
    expect(await receipt).toEqual({ ticketId: ticket.id, userId: alice.id, upTo: sent.message.id });
    await cleared;
    const stored = await server.api('GET', `/tickets/${ticket.id}/messages`, { token: admin.token });
    expect(stored.body.items[0].readAt).not.toBeNull();
  });
});

describe('typing', () => {
  it("goes out as a domain event, heard by the ticket's room but not by the typist's own socket", async () => {
    const ticket = await openTicket(alice);
    const typist = await connected(admin.token);
    const otherTab = await connected(admin.token);
    const aliceSocket = await connected(alice.token);
    for (const socket of [typist, otherTab, aliceSocket]) await socket.emitWithAck('ticket:join', ticket.id);
    const published: unknown[] = [];
    const off = server.ctx.events.on('typing.changed', (event) => published.push(event));
    try {
      const ownEcho = collect(typist, 'typing');
      const heard = [next(aliceSocket, 'typing'), next(otherTab, 'typing')];
      expect(await typist.emitWithAck('typing', { ticketId: ticket.id, typing: true })).toEqual({ ok: true });
      const event = { ticketId: ticket.id, user: { id: admin.id, name: 'Agent', role: 'ADMIN' }, typing: true };
      expect(await Promise.all(heard)).toEqual([event, event]);
      expect(published).toEqual([{ ...event, socketId: typist.id }]);
      await sleep(200);
      expect(ownEcho.stop()).toEqual([]);
    } finally {
      off();
    }
  });
});

describe('unknown errors in socket handlers', () => {
  it("are logged through the app's logger with an id that the ack names, like an HTTP 500", async () => {
    const ticket = await openTicket(alice);
    const socket = await connected(alice.token);
    const lines: string[] = [];
    const log = server.ctx.log;
    server.ctx.log = (line) => lines.push(line);
    const charge = vi.spyOn(server.ctx.limits, 'charge').mockRejectedValueOnce(new Error('disk on fire'));
    try {
      const ack = await socket.emitWithAck('message:send', { ticketId: ticket.id, body: 'hello?', clientId: 'boom-1' });
      expect(ack).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.stringMatching(/^Something went wrong on our side \(request [\w-]+\)$/) } });
      const id = /\(request ([\w-]+)\)/.exec(ack.error.message)![1]!;
      const line = lines.find((l) => l.includes(id));
      expect(line).toBeDefined();
      for (const part of ['message:send', `user ${alice.id}`, `socket ${socket.id}`, 'disk on fire']) expect(line).toContain(part);
      // Nothing about the failure reaches the client but the id.
      expect(ack.error.message).not.toContain('disk on fire');
    } finally {
      charge.mockRestore();
      server.ctx.log = log;
    }
  });
});

describe('notifications', () => {
  it('new tickets reach admins, and status changes reach the customer live', async () => {
    const adminSocket = await connected(admin.token);
    const aliceSocket = await connected(alice.token);
    const created = next(adminSocket, 'ticket:created', (t) => t.subject === 'Live one');
    const ticket = await openTicket(alice, 'Live one');
    expect((await created).id).toBe(ticket.id);

    const updated = next(aliceSocket, 'ticket:updated', (t) => t.id === ticket.id);
    await server.api('PATCH', `/tickets/${ticket.id}`, { token: admin.token, body: { status: 'IN_PROGRESS' } });
    expect(await updated).toMatchObject({ id: ticket.id, status: 'IN_PROGRESS' });

    const bobSocket = await connected(bob.token);
    const bobSees = collect(bobSocket, 'ticket:updated');
    const deleted = next(aliceSocket, 'ticket:deleted');
    await server.api('PATCH', `/tickets/${ticket.id}`, { token: admin.token, body: { status: 'RESOLVED' } });
    await server.api('DELETE', `/tickets/${ticket.id}`, { token: admin.token });
    expect(await deleted).toEqual({ id: ticket.id });
    expect(bobSees.stop()).toEqual([]);
  });
});

describe('the realtime client', () => {
  it('catches up on reconnect: nothing sent while offline is lost or doubled', async () => {
    const ticket = await openTicket(alice);
    const c = client(alice);
    const received: string[] = [];
    c.on('message:new', (m) => received.push(m.body));
    await c.join(ticket.id);
    await server.api('POST', `/tickets/${ticket.id}/messages`, { token: admin.token, body: { body: 'before' } });
    await expect.poll(() => received).toEqual(['before']);

    // Drop the connection from the server side, as a network failure would, and talk meanwhile.
    const back = new Promise<void>((resolve) => c.on('status', (s) => s === 'connected' && resolve()));
    c.socket.io.engine.close();
    for (let i = 0; i < 5; i++) {
      await server.api('POST', `/tickets/${ticket.id}/messages`, { token: admin.token, body: { body: `offline ${i}` } });
    }
    await back;
    await server.api('POST', `/tickets/${ticket.id}/messages`, { token: admin.token, body: { body: 'after' } });
    await expect.poll(() => received.length).toBe(7);
    // Live and caught-up messages may interleave (the UI orders by createdAt); none is missing or twice.
    expect([...received].sort()).toEqual(['after', 'before', 'offline 0', 'offline 1', 'offline 2', 'offline 3', 'offline 4']);
    await sleep(200);
    expect(received).toHaveLength(7);
  });

  it('a message sent while offline is delivered once, when the connection returns', async () => {
    const ticket = await openTicket(alice);
    const c = client(alice, { ackTimeoutMs: 500 });
    await c.join(ticket.id);
    c.socket.io.engine.close();
    const sent = await c.send(ticket.id, 'typed offline', 'offline-client-id');
    expect(sent.body).toBe('typed offline');
    const stored = await server.api('GET', `/tickets/${ticket.id}/messages`, { token: alice.token });
    expect(stored.body.items.map((m: { clientId: string }) => m.clientId)).toEqual(['offline-client-id']);
  });
});

describe('the realtime client, closed', () => {
  it('fails a send at once after close(), instead of waiting for a connection forever', async () => {
    const ticket = await openTicket(alice);
    const c = client(alice);
    await c.join(ticket.id);
    c.close();
    await expect(c.send(ticket.id, 'after close')).rejects.toMatchObject({ code: 'CLOSED' });
  });
});
