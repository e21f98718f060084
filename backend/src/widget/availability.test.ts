// What the widget's header says about the team: online while a console is open, and how soon it
// usually replies, from the median first response of the last 30 days.
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyTimeFromMedian, usualReplyTime } from '../stats/service.js';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';

let server: TestServer;
let agent: TestUser;
let siteKey: string;

beforeAll(async () => {
  server = await startTestServer();
  const admin = await server.createUser('ADMIN');
  agent = await server.createUser('AGENT', 'Ada');
  const site = await server.api('POST', '/sites', { token: admin.token, body: { name: 'Shop', allowedOrigins: ['https://shop.example'] } });
  siteKey = site.body.siteKey;
});
afterAll(() => server?.close());

const config = async () => (await server.api('GET', `/widget/config?siteKey=${siteKey}`)).body;

describe('presence', () => {
  it('is away without a console, online while an agent has one open, away again after it closes', async () => {
    expect((await config()).presence).toBe('away');
    const socket = connect(server.url, { auth: { token: agent.token }, transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => socket.on('connect', resolve).on('connect_error', reject));
    await expect.poll(async () => (await config()).presence, { timeout: 12_000, interval: 1000 }).toBe('online');
    socket.close();
    await expect.poll(async () => (await config()).presence, { timeout: 12_000, interval: 1000 }).toBe('away');
  });
});

describe('expected reply time', () => {
  it('rounds the median first response to friendly buckets', () => {
    expect(replyTimeFromMedian(null)).toBeNull();
    expect(replyTimeFromMedian(4 * 60)).toBe('minutes');
    expect(replyTimeFromMedian(40 * 60)).toBe('hour');
    expect(replyTimeFromMedian(5 * 60 * 60)).toBe('day');
    expect(replyTimeFromMedian(3 * 24 * 60 * 60)).toBeNull();
  });

  it('is the median of the last 30 days of first responses, cached', async () => {
    const customer = await server.createUser('CUSTOMER');
    const now = Date.now();
    const minutes = [2, 3, 50, 5, 4]; // median 4 minutes
    for (const [i, m] of minutes.entries()) {
      const t = await server.api('POST', '/tickets', { token: customer.token, body: { description: `Question ${i}` } });
      const createdAt = new Date(now - (i + 1) * 60 * 60 * 1000);
      await server.ctx.db.ticket.update({ where: { id: t.body.id }, data: { createdAt, firstResponseAt: new Date(createdAt.getTime() + m * 60 * 1000) } });
    }
    // A slow answer older than 30 days does not count.
    const old = await server.api('POST', '/tickets', { token: customer.token, body: { description: 'Long ago' } });
    const longAgo = new Date(now - 40 * 24 * 60 * 60 * 1000);
    await server.ctx.db.ticket.update({ where: { id: old.body.id }, data: { createdAt: longAgo, firstResponseAt: new Date(longAgo.getTime() + 3 * 24 * 60 * 60 * 1000) } });

    expect(await usualReplyTime(server.ctx, now + 11 * 60 * 1000)).toBe('minutes');
    // Within 10 minutes the cached answer is served, whatever changed meanwhile.
    await server.ctx.db.ticket.updateMany({ where: { firstResponseAt: { not: null } }, data: { firstResponseAt: null } });
    expect(await usualReplyTime(server.ctx, now + 12 * 60 * 1000)).toBe('minutes');
    expect(await usualReplyTime(server.ctx, now + 30 * 60 * 1000)).toBeNull();
  });
});
