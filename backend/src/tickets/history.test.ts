import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import type { Page, TicketEventJson, TicketJson } from '@deskline/contract';
import { publishTicketEvents, recordTicketChanges } from './history.js';
import { changeTicket } from './service.js';

let server: TestServer;
let admin: TestUser;
let agent: TestUser;
let alice: TestUser;
let bob: TestUser;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.createUser('ADMIN', 'Ana Admin');
  agent = await server.createUser('AGENT', 'Sam Agent');
  alice = await server.createUser('CUSTOMER', 'Alice');
  bob = await server.createUser('CUSTOMER', 'Bob');
});
afterEach(() => sockets.splice(0).forEach((s) => s.close()));
afterAll(() => server?.close());

async function openTicket(owner: TestUser) {
  const res = await server.api<TicketJson>('POST', '/tickets', {
    token: owner.token,
    body: { subject: 'Printer on fire', description: 'It is really on fire', category: 'technical' },
  });
  expect(res.status).toBe(201);
  return res.body;
}

async function patch(ticketId: string, who: TestUser, body: unknown) {
  const res = await server.api<TicketJson>('PATCH', `/tickets/${ticketId}`, { token: who.token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function events(ticketId: string, who: TestUser, query = '') {
  const res = await server.api<Page<TicketEventJson>>('GET', `/tickets/${ticketId}/events${query}`, { token: who.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

const person = (user: TestUser) => ({ id: user.id, name: user.name, role: user.role });

async function connected(user: TestUser): Promise<Socket> {
  const socket = connect(server.url, { auth: { token: user.token }, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the history records each kind of change', () => {
  it('status, priority, assignee and category: who, when, from and to', async () => {
    const ticket = await openTicket(alice);
    const before = Date.now();
    await patch(ticket.id, agent, { status: 'IN_PROGRESS' });
    await patch(ticket.id, admin, { priority: 'URGENT' });
    await patch(ticket.id, agent, { assigneeId: agent.id });
    await patch(ticket.id, admin, { assigneeId: null });
    await patch(ticket.id, alice, { category: 'billing' });

    const { items, nextCursor } = await events(ticket.id, admin);
    expect(nextCursor).toBeNull();
    const technical = { id: expect.any(String), name: 'Technical' };
    expect(items.map(({ field, from, to, actor }) => ({ field, from, to, actor }))).toEqual([
      { field: 'status', from: 'OPEN', to: 'IN_PROGRESS', actor: person(agent) },
      { field: 'priority', from: 'MEDIUM', to: 'URGENT', actor: person(admin) },
      { field: 'assignee', from: null, to: { id: agent.id, name: 'Sam Agent' }, actor: person(agent) },
      { field: 'assignee', from: { id: agent.id, name: 'Sam Agent' }, to: null, actor: person(admin) },
      { field: 'category', from: technical, to: { id: expect.any(String), name: 'Billing' }, actor: person(alice) },
    ]);
    for (const event of items) {
      expect(event.ticketId).toBe(ticket.id);
      expect(Date.parse(event.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    }
  });

  it('one request changing several fields records one event each; setting a field to its value records none', async () => {
    const ticket = await openTicket(alice);
    await patch(ticket.id, agent, { status: 'RESOLVED', priority: 'HIGH', assigneeId: agent.id, subject: 'Renamed' });
    await patch(ticket.id, agent, { status: 'RESOLVED', priority: 'HIGH', assigneeId: agent.id });
    await patch(ticket.id, agent, { subject: 'Renamed again', description: 'Not tracked' });
    const { items } = await events(ticket.id, agent);
    expect(items.map((e) => e.field).sort()).toEqual(['assignee', 'priority', 'status']);
    expect(new Set(items.map((e) => e.createdAt)).size).toBe(1);
  });

  it('a refused change records nothing', async () => {
    const ticket = await openTicket(alice);
    const refused = await server.api('PATCH', `/tickets/${ticket.id}`, { token: alice.token, body: { status: 'RESOLVED' } });
    expect(refused.status).toBe(403);
    const badAssignee = await server.api('PATCH', `/tickets/${ticket.id}`, { token: agent.token, body: { assigneeId: alice.id, priority: 'LOW' } });
    expect(badAssignee.status).toBe(400);
    expect((await events(ticket.id, admin)).items).toEqual([]);
  });

  it('labels are recorded as the lists of labels before and after', async () => {
    const ticket = await openTicket(alice);
    const vip = { id: 'label-vip', name: 'VIP' };
    const refund = { id: 'label-refund', name: 'Refund' };
    await server.ctx.db.$transaction((tx) =>
      recordTicketChanges(tx, ticket.id, agent.id, [{ field: 'labels', from: [vip], to: [vip, refund] }]),
    );
    const [event] = (await events(ticket.id, agent)).items;
    expect(event).toMatchObject({ field: 'labels', from: [vip], to: [vip, refund], actor: person(agent) });
  });

  it('labels set through PATCH are recorded, whatever their order, and the customer never sees them', async () => {
    const label = async (name: string) => {
      const res = await server.api('POST', '/labels', { token: admin.token, body: { name, color: '#4f46e5' } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return { id: res.body.id as string, name };
    };
    const [vip, refund] = [await label('VIP history'), await label('Refund history')];
    const ticket = await openTicket(alice);
    await patch(ticket.id, agent, { labels: [vip.id] });
    await patch(ticket.id, agent, { labels: [refund.id, vip.id] });
    await patch(ticket.id, agent, { labels: [vip.id, refund.id] }); // the same set: nothing to record
    await patch(ticket.id, admin, { labels: [] });
    const byName = (list: { id: string; name: string }[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));
    const { items } = await events(ticket.id, agent);
    expect(items.map((e) => [e.field, byName(e.from as never), byName(e.to as never), e.actor?.id])).toEqual([
      ['labels', [], [vip], agent.id],
      ['labels', [vip], byName([vip, refund]), agent.id],
      ['labels', byName([vip, refund]), [], admin.id],
    ]);
    expect((await events(ticket.id, alice)).items).toEqual([]);
  });

  it('a change the system makes (automatic assignment) has no actor', async () => {
    const ticket = await openTicket(alice);
    await changeTicket(server.ctx, null, ticket.id, { assigneeId: agent.id });
    const [event] = (await events(ticket.id, admin)).items;
    expect(event).toMatchObject({ field: 'assignee', from: null, to: { id: agent.id, name: 'Sam Agent' }, actor: null });
  });

  it('concurrent changes chain: each one starts from the previous one', async () => {
    const ticket = await openTicket(alice);
    const statuses = ['IN_PROGRESS', 'RESOLVED', 'OPEN', 'IN_PROGRESS', 'CLOSED', 'OPEN'] as const;
    await Promise.all(statuses.map((status) => patch(ticket.id, agent, { status })));
    const { items } = await events(ticket.id, agent);
    let current = 'OPEN';
    for (const event of items) {
      expect(event.from).toBe(current);
      current = event.to as string;
    }
    const final = await server.api<TicketJson>('GET', `/tickets/${ticket.id}`, { token: agent.token });
    expect(final.body.status).toBe(current);
  });
});

describe('who sees the history', () => {
  it('a customer sees only the status changes of their own ticket; another customer gets 404', async () => {
    const ticket = await openTicket(alice);
    await patch(ticket.id, agent, { priority: 'HIGH', assigneeId: agent.id, category: 'billing' });
    await patch(ticket.id, agent, { status: 'RESOLVED' });
    const mine = await events(ticket.id, alice);
    expect(mine.items.map((e) => [e.field, e.from, e.to])).toEqual([['status', 'OPEN', 'RESOLVED']]);
    expect(mine.items[0]!.actor).toEqual(person(agent));
    expect((await events(ticket.id, agent)).items).toHaveLength(4);
    const other = await server.api('GET', `/tickets/${ticket.id}/events`, { token: bob.token });
    expect(other.status).toBe(404);
    const missing = await server.api('GET', '/tickets/no-such-ticket/events', { token: admin.token });
    expect(missing.status).toBe(404);
  });

  it('a customer never hears non-status changes over the socket; the team hears every one', async () => {
    const ticket = await openTicket(alice);
    const aliceSocket = await connected(alice);
    expect(await aliceSocket.emitWithAck('ticket:join', ticket.id)).toEqual({ ok: true });
    const bobSocket = await connected(bob);
    const agentSocket = await connected(agent);
    await agentSocket.emitWithAck('ticket:join', ticket.id);
    const heard = { alice: [] as TicketEventJson[], bob: [] as TicketEventJson[], agent: [] as TicketEventJson[] };
    aliceSocket.on('ticket:event', ({ event }) => heard.alice.push(event));
    bobSocket.on('ticket:event', ({ event }) => heard.bob.push(event));
    agentSocket.on('ticket:event', ({ event }) => event.ticketId === ticket.id && heard.agent.push(event));

    await patch(ticket.id, agent, { priority: 'LOW', assigneeId: agent.id });
    await patch(ticket.id, admin, { status: 'IN_PROGRESS', category: 'general' });
    await patch(ticket.id, admin, { assigneeId: admin.id });
    for (let i = 0; i < 50 && heard.agent.length < 5; i++) await sleep(20);
    await sleep(150);

    expect(heard.agent.map((e) => e.field).sort()).toEqual(['assignee', 'assignee', 'category', 'priority', 'status']);
    // Each event once, though the agent's socket is in the ticket's room and the team's.
    expect(new Set(heard.agent.map((e) => e.id)).size).toBe(5);
    expect(heard.alice.map((e) => [e.field, e.from, e.to])).toEqual([['status', 'OPEN', 'IN_PROGRESS']]);
    expect(heard.bob).toEqual([]);
  });

  it('published events match what the list returns', async () => {
    const ticket = await openTicket(alice);
    const agentSocket = await connected(agent);
    const heard = new Promise<TicketEventJson>((resolve) => agentSocket.on('ticket:event', ({ event }) => event.ticketId === ticket.id && resolve(event)));
    const recorded = await server.ctx.db.$transaction((tx) =>
      recordTicketChanges(tx, ticket.id, null, [{ field: 'priority', from: 'MEDIUM', to: 'LOW' }]),
    );
    publishTicketEvents(server.ctx, { id: ticket.id, customerId: alice.id }, recorded);
    expect(await heard).toEqual((await events(ticket.id, agent)).items[0]);
  });
});

describe('paging', () => {
  it("pages walk the whole history in order, without overlap, and a customer's pages stay full", async () => {
    const ticket = await openTicket(alice);
    const statuses = ['IN_PROGRESS', 'RESOLVED', 'OPEN', 'IN_PROGRESS', 'RESOLVED'] as const;
    for (const status of statuses) {
      await patch(ticket.id, agent, { status });
      await patch(ticket.id, agent, { priority: status === 'RESOLVED' ? 'LOW' : 'HIGH' });
    }
    const all = (await events(ticket.id, agent, '?limit=100')).items;
    expect(all.length).toBeGreaterThanOrEqual(8);

    const walk = async (who: TestUser, limit: number) => {
      const seen: TicketEventJson[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<TicketEventJson> = await events(ticket.id, who, `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(page.items.length).toBeLessThanOrEqual(limit);
        if (page.nextCursor) expect(page.items).toHaveLength(limit);
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    expect((await walk(agent, 3)).map((e) => e.id)).toEqual(all.map((e) => e.id));
    const statusOnly = await walk(alice, 2);
    expect(statusOnly.map((e) => e.to)).toEqual([...statuses]);
  });

  it('a forged cursor is a 400, not a 500', async () => {
    const ticket = await openTicket(alice);
    const res = await server.api('GET', `/tickets/${ticket.id}/events?cursor=${Buffer.from('["x",1]').toString('base64url')}`, { token: agent.token });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});
