import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import type { LabelJson, TicketJson } from '@deskline/contract';

let server: TestServer;
let admin: TestUser;
let agent: TestUser;
let customer: TestUser;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.createUser('ADMIN', 'Ada Admin');
  agent = await server.createUser('AGENT', 'Alan Agent');
  customer = await server.createUser('CUSTOMER', 'Carl');
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await server?.close();
});

async function label(name: string, color = '#2563EB') {
  const res = await server.api<LabelJson>('POST', '/labels', { token: admin.token, body: { name, color } });
  expect(res.status).toBe(201);
  return res.body;
}
async function openTicket(subject = 'Printer on fire') {
  const res = await server.api<TicketJson>('POST', '/tickets', { token: customer.token, body: { subject, description: 'Help', category: 'technical' } });
  expect(res.status).toBe(201);
  return res.body;
}
const patch = (id: string, who: TestUser, body: unknown) => server.api('PATCH', `/tickets/${id}`, { token: who.token, body });

describe('labels', () => {
  it('admins manage labels; agents read them and are refused the rest', async () => {
    const vip = await label('VIP');
    expect(vip).toMatchObject({ name: 'VIP', color: '#2563eb' });
    const list = await server.api<LabelJson[]>('GET', '/labels', { token: agent.token });
    expect(list.body.map((l) => l.name)).toContain('VIP');
    expect((await server.api('POST', '/labels', { token: agent.token, body: { name: 'Mine', color: '#000000' } })).status).toBe(403);
    expect((await server.api('PATCH', `/labels/${vip.id}`, { token: agent.token, body: { name: 'X' } })).status).toBe(403);
    expect((await server.api('DELETE', `/labels/${vip.id}`, { token: agent.token })).status).toBe(403);
    expect((await server.api('GET', '/labels', { token: customer.token })).status).toBe(403);

    const taken = await server.api('POST', '/labels', { token: admin.token, body: { name: 'VIP', color: '#ff0000' } });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('LABEL_NAME_TAKEN');
    const badColor = await server.api('POST', '/labels', { token: admin.token, body: { name: 'Red', color: 'red' } });
    expect(badColor.status).toBe(400);
  });

  it('an agent sets labels on a ticket; unknown ids are a 400 naming them', async () => {
    const bug = await label('Bug', '#dc2626');
    const billing = await label('Billing', '#16a34a');
    const ticket = await openTicket();
    const set = await patch(ticket.id, agent, { labels: [bug.id, billing.id] });
    expect(set.status).toBe(200);
    expect(set.body.labels).toEqual([
      { id: billing.id, name: 'Billing', color: '#16a34a' },
      { id: bug.id, name: 'Bug', color: '#dc2626' },
    ]);
    expect(set.body.updatedAt).toBe(ticket.updatedAt); // the customer's "last change" does not move

    const unknown = await patch(ticket.id, agent, { labels: [bug.id, 'no-such-label', 'nor-this'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('no-such-label');
    expect(unknown.body.error.message).toContain('nor-this');
    expect(unknown.body.error.details[0].path).toBe('labels');

    const cleared = await patch(ticket.id, agent, { labels: [bug.id] });
    expect(cleared.body.labels.map((l: LabelJson) => l.name)).toEqual(['Bug']);
  });

  it('customers never see labels, may not set them, nor filter by them', async () => {
    const secret = await label('Difficult customer');
    const ticket = await openTicket();
    await patch(ticket.id, admin, { labels: [secret.id] });
    const own = await server.api<TicketJson>('GET', `/tickets/${ticket.id}`, { token: customer.token });
    expect(own.body).not.toHaveProperty('labels');
    expect((await patch(ticket.id, customer, { labels: [] })).status).toBe(403);
    expect((await server.api('GET', `/tickets?label=${secret.id}`, { token: customer.token })).status).toBe(400);
  });

  it('the inbox filters by ?label=, and deleting a label takes it off its tickets', async () => {
    const urgent = await label('Escalated');
    const [a, b] = [await openTicket('Labelled one'), await openTicket('Not labelled')];
    await patch(a.id, agent, { labels: [urgent.id] });
    const list = await server.api<{ items: TicketJson[] }>('GET', `/tickets?label=${urgent.id}&limit=100`, { token: agent.token });
    expect(list.body.items.map((t) => t.id)).toEqual([a.id]);
    expect(list.body.items.map((t) => t.id)).not.toContain(b.id);

    expect((await server.api('DELETE', `/labels/${urgent.id}`, { token: admin.token })).status).toBe(204);
    const after = await server.api<TicketJson>('GET', `/tickets/${a.id}`, { token: agent.token });
    expect(after.body.labels).toEqual([]);
    expect((await server.api('DELETE', `/labels/${urgent.id}`, { token: admin.token })).status).toBe(404);
  });

  it("a label change reaches the team's sockets as ticket:updated", async () => {
    const live = await label('Live');
    const ticket = await openTicket();
    const socket = connect(server.url, { auth: { token: agent.token }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => (socket.once('connect', () => resolve()), socket.once('connect_error', reject)));
    const heard = new Promise<TicketJson>((resolve) => {
      socket.on('ticket:updated', (t: TicketJson) => {
        if (t.id === ticket.id && t.labels?.some((l) => l.id === live.id)) resolve(t);
      });
    });
    await patch(ticket.id, admin, { labels: [live.id] });
    expect((await heard).labels?.map((l) => l.name)).toEqual(['Live']);
  });
});

describe('bulk actions', () => {
  const bulk = (who: TestUser, body: unknown) =>
    server.api<{ results: ({ id: string; ok: true; ticket: TicketJson } | { id: string; ok: false; error: { code: string } })[] }>(
      'POST',
      '/tickets/bulk',
      { token: who.token, body },
    );

  it('closes several tickets, and reports the ones it could not change without stopping', async () => {
    const tickets = [await openTicket('Bulk 1'), await openTicket('Bulk 2'), await openTicket('Bulk 3')];
    const res = await bulk(agent, { ids: [tickets[0]!.id, 'missing-ticket', tickets[1]!.id, tickets[2]!.id], patch: { status: 'CLOSED' } });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r) => [r.id, r.ok])).toEqual([
      [tickets[0]!.id, true],
      ['missing-ticket', false],
      [tickets[1]!.id, true],
      [tickets[2]!.id, true],
    ]);
    expect(res.body.results[1]).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    for (const t of tickets) {
      expect((await server.api<TicketJson>('GET', `/tickets/${t.id}`, { token: agent.token })).body.status).toBe('CLOSED');
    }
    // Each change went through the ticket's own update: its history records it.
    const history = await server.api<{ items: { field: string; to: unknown }[] }>('GET', `/tickets/${tickets[0]!.id}/events`, { token: agent.token });
    expect(history.body.items).toContainEqual(expect.objectContaining({ field: 'status', to: 'CLOSED' }));
  });

  it('assigns and adds labels, keeping the labels a ticket had', async () => {
    const [first, second] = [await label('Bulk A'), await label('Bulk B')];
    const t1 = await openTicket('Bulk labels 1');
    const t2 = await openTicket('Bulk labels 2');
    await patch(t1.id, agent, { labels: [first.id] });
    const res = await bulk(admin, { ids: [t1.id, t2.id], patch: { assigneeId: agent.id, addLabels: [second.id] } });
    expect(res.body.results.every((r) => r.ok)).toBe(true);
    const [r1, r2] = res.body.results as { ticket: TicketJson }[];
    expect(r1!.ticket.labels?.map((l) => l.name)).toEqual(['Bulk A', 'Bulk B']);
    expect(r2!.ticket.labels?.map((l) => l.name)).toEqual(['Bulk B']);
    expect(r1!.ticket.assignee?.id).toBe(agent.id);

    const unknown = await bulk(admin, { ids: [t1.id], patch: { addLabels: ['ghost'] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it('refuses customers, more than 100 tickets, and an empty change', async () => {
    const t = await openTicket();
    expect((await bulk(customer, { ids: [t.id], patch: { status: 'CLOSED' } })).status).toBe(403);
    const many = Array.from({ length: 101 }, (_, i) => `t${i}`);
    expect((await bulk(agent, { ids: many, patch: { status: 'CLOSED' } })).status).toBe(400);
    expect((await bulk(agent, { ids: [t.id], patch: {} })).status).toBe(400);
  });
});
