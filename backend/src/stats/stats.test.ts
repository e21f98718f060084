import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { overview } from './service.js';

let server: TestServer;
let admin: TestUser;
let customer: TestUser;
beforeAll(async () => {
  server = await startTestServer();
  admin = await server.createUser('ADMIN', 'Agent');
  customer = await server.createUser('CUSTOMER', 'Dana');
});
afterAll(() => server?.close());

const open = async (subject: string, priority = 'MEDIUM') =>
  (await server.api('POST', '/tickets', { token: customer.token, body: { subject, description: 'd', category: 'general', priority } })).body;

/** Moves a ticket's timestamps into the past, as if it had been opened `minutesAgo`. */
async function backdate(id: string, minutesAgo: number) {
  await server.ctx.db.ticket.update({ where: { id }, data: { createdAt: new Date(Date.now() - minutesAgo * 60_000) } });
}

describe('overview statistics', () => {
  it('counts work and measures median first response and resolution times', async () => {
    const first = await open('First', 'URGENT');
    const second = await open('Second', 'HIGH');
    const third = await open('Third');
    await backdate(first.id, 60);
    await backdate(second.id, 30);
    await backdate(third.id, 10);
    // Staff replies: by chat on the first (60 min after opening), by public comment on the second (30 min).
    await server.api('POST', `/tickets/${first.id}/messages`, { token: admin.token, body: { body: 'On it' } });
    await server.api('POST', `/tickets/${second.id}/comments`, { token: admin.token, body: { body: 'Looking' } });
    // A private note is not a response to the customer.
    await server.api('POST', `/tickets/${third.id}/comments`, { token: admin.token, body: { body: 'note', internal: true } });
    await server.api('PATCH', `/tickets/${second.id}`, { token: admin.token, body: { status: 'RESOLVED' } });
    await server.api('PATCH', `/tickets/${first.id}`, { token: admin.token, body: { status: 'IN_PROGRESS', assigneeId: admin.id } });

    const res = await server.api('GET', '/stats/overview', { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body.byStatus).toEqual({ OPEN: 1, IN_PROGRESS: 1, RESOLVED: 1, CLOSED: 0 });
    expect(res.body.byPriority).toEqual({ LOW: 0, MEDIUM: 1, HIGH: 0, URGENT: 1 });
    expect(res.body.unassigned).toBe(1);
    expect(res.body.oldestOpen.map((t: { subject: string }) => t.subject)).toEqual(['First', 'Third']);
    // Median of 60 and 30 minutes; one resolution after 30 minutes. Seconds, with slack for the test's own time.
    expect(res.body.medianFirstResponseSeconds).toBeGreaterThanOrEqual(45 * 60 - 5);
    expect(res.body.medianFirstResponseSeconds).toBeLessThanOrEqual(45 * 60 + 60);
    expect(res.body.medianResolutionSeconds).toBeGreaterThanOrEqual(30 * 60 - 5);
    expect(res.body.medianResolutionSeconds).toBeLessThanOrEqual(30 * 60 + 60);
  });

  it('leaves tickets outside the seven-day window out of the medians', async () => {
    const later = await overview(server.ctx, new Date(Date.now() + 8 * 24 * 60 * 60 * 1000));
    expect(later.medianFirstResponseSeconds).toBeNull();
    expect(later.medianResolutionSeconds).toBeNull();
    expect(later.byStatus.RESOLVED).toBe(1);
  });

  it('is for admins only', async () => {
    expect((await server.api('GET', '/stats/overview', { token: customer.token })).status).toBe(403);
    expect((await server.api('GET', '/stats/overview')).status).toBe(401);
  });
});
