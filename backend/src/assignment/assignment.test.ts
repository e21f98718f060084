import { setTimeout as sleep } from 'node:timers/promises';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import type { AssignmentSettingsJson, TicketJson } from '@deskline/contract';

let server: TestServer;
let admin: TestUser;
let agents: TestUser[];
let offline: TestUser;
let customer: TestUser;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.createUser('ADMIN', 'Ada Admin');
  // Created in order, so their ids (uuid v7) sort in this order: the rotation's order.
  agents = [await server.createUser('AGENT', 'Agent One'), await server.createUser('AGENT', 'Agent Two')];
  offline = await server.createUser('AGENT', 'Agent Away');
  customer = await server.createUser('CUSTOMER', 'Carl');
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await server?.close();
});

async function goOnline(user: TestUser) {
  const socket = connect(server.url, { auth: { token: user.token }, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => (socket.once('connect', () => resolve()), socket.once('connect_error', reject)));
  return socket;
}

const settings = (body: Partial<AssignmentSettingsJson>) =>
  server.api<AssignmentSettingsJson>('PATCH', '/settings/assignment', { token: admin.token, body });

async function openTicket() {
  const res = await server.api<TicketJson>('POST', '/tickets', { token: customer.token, body: { subject: 'Need help', description: 'Please', category: 'general' } });
  expect(res.status).toBe(201);
  return res.body;
}
const assigneeOf = async (id: string) => (await server.api<TicketJson>('GET', `/tickets/${id}`, { token: admin.token })).body.assignee?.id ?? null;

/** Opens a ticket and waits for automatic assignment to settle on it. */
async function openAndAssign(): Promise<string | null> {
  const ticket = await openTicket();
  return vi.waitFor(async () => {
    const assignee = await assigneeOf(ticket.id);
    if (!assignee) throw new Error('not assigned yet');
    return assignee;
  }, { timeout: 5000, interval: 50 });
}

describe('automatic assignment', () => {
  it('is off by default, and only admins read or change it', async () => {
    const read = await server.api<AssignmentSettingsJson>('GET', '/settings/assignment', { token: admin.token });
    expect(read.body).toEqual({ enabled: false, maxOpenPerAgent: 10 });
    expect((await server.api('GET', '/settings/assignment', { token: agents[0]!.token })).status).toBe(403);
    expect((await server.api('PATCH', '/settings/assignment', { token: agents[0]!.token, body: { enabled: true } })).status).toBe(403);
    expect((await settings({ maxOpenPerAgent: 0 })).status).toBe(400);

    await goOnline(agents[0]!);
    const ticket = await openTicket();
    await sleep(300);
    expect(await assigneeOf(ticket.id)).toBeNull();
  });

  it('takes online agents in turn, skips the offline one, and stops at the cap', async () => {
    await goOnline(agents[1]!);
    expect((await settings({ enabled: true, maxOpenPerAgent: 2 })).body).toEqual({ enabled: true, maxOpenPerAgent: 2 });
    const chosen = [await openAndAssign(), await openAndAssign(), await openAndAssign()];
    // Agent One already holds nothing, so the turn starts with them and alternates.
    expect(chosen).toEqual([agents[0]!.id, agents[1]!.id, agents[0]!.id]);
    expect(chosen).not.toContain(offline.id);
    // The last choice is kept in the database: the rotation survives a restart or another instance.
    expect((await server.ctx.db.teamSettings.findUniqueOrThrow({ where: { id: 1 } })).lastAutoAssigneeId).toBe(agents[0]!.id);

    expect(await openAndAssign()).toBe(agents[1]!.id);
    // Both hold 2 open tickets now: the next one waits, unassigned.
    const waiting = await openTicket();
    await sleep(300);
    expect(await assigneeOf(waiting.id)).toBeNull();
  });

  it('counts only open and in-progress tickets towards the cap', async () => {
    const list = await server.api<{ items: TicketJson[] }>('GET', `/tickets?assignee=${agents[1]!.id}&limit=100`, { token: admin.token });
    const resolved = list.body.items[0]!;
    expect((await server.api('PATCH', `/tickets/${resolved.id}`, { token: agents[1]!.token, body: { status: 'RESOLVED' } })).status).toBe(200);
    expect(await openAndAssign()).toBe(agents[1]!.id);
  });

  it('passes over an agent who closes the console', async () => {
    await settings({ maxOpenPerAgent: 100 });
    const [first] = sockets;
    first!.disconnect();
    await sleep(100);
    expect([await openAndAssign(), await openAndAssign()]).toEqual([agents[1]!.id, agents[1]!.id]);
  });
});
