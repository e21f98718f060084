// What the widget's header says about the team: online while a console is open, who (their faces),
// and how soon it usually replies, from the median first response of the last 30 days.
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyTimeFromMedian, usualReplyTime } from '../stats/service.js';
import { pngForm } from '../test/fixtures.js';
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
/** The header's team line: presence and faces, which the server answers from one lookup. */
const header = async () => {
  const { presence, onlineTeam } = await config();
  return { presence, onlineTeam };
};
const AWAY = { presence: 'away', onlineTeam: [] };

async function openConsole(user: TestUser): Promise<Socket> {
  const socket = connect(server.url, { auth: { token: user.token }, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => socket.on('connect', resolve).on('connect_error', reject));
  return socket;
}

describe('presence', () => {
  it('is away without a console, online with the agent\'s face while they have one open, away again after it closes', async () => {
    expect(await header()).toEqual(AWAY);
    const socket = await openConsole(agent);
    await expect
      .poll(header, { timeout: 12_000, interval: 1000 })
      .toEqual({ presence: 'online', onlineTeam: [{ name: 'Ada', avatarUrl: null }] });
    socket.close();
    await expect.poll(header, { timeout: 12_000, interval: 1000 }).toEqual(AWAY);
  });

  it('shows at most three of the team online, by name, each with their avatar or none, and never a customer', async () => {
    const zoe = await server.createUser('AGENT', 'Zoë');
    const bea = await server.createUser('ADMIN', 'Bea');
    const cy = await server.createUser('AGENT', 'Cy');
    const abe = await server.createUser('AGENT', 'Abe');
    const customer = await server.createUser('CUSTOMER', 'Aaron');
    const uploaded = await server.api('PUT', '/me/avatar', { token: bea.token, body: pngForm('avatar') });
    const beaAvatar: string = uploaded.body.user.avatarUrl;
    expect(beaAvatar).toMatch(/\/api\/avatars\//);

    // One of them in two consoles: still one face.
    const sockets = await Promise.all([zoe, bea, cy, abe, customer, abe].map(openConsole));
    try {
      await expect.poll(header, { timeout: 12_000, interval: 1000 }).toEqual({
        presence: 'online',
        onlineTeam: [
          { name: 'Abe', avatarUrl: null },
          { name: 'Bea', avatarUrl: beaAvatar },
          { name: 'Cy', avatarUrl: null },
        ],
      });
      const body = JSON.stringify(await config());
      for (const member of [zoe, bea, cy, abe]) {
        expect(body).not.toContain(member.email);
        expect(body).not.toContain(`"${member.id}"`);
      }
    } finally {
      sockets.forEach((socket) => socket.close());
    }
    await expect.poll(header, { timeout: 12_000, interval: 1000 }).toEqual(AWAY);
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
