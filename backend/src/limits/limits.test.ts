// Write quotas and rate limits on a real server: each refuses past its budget with the contract's
// shape over REST and socket, messages spend one budget on both, counters are shared through
// Redis, and a sign-in lockout survives a restart.
import type { Role } from '@deskline/contract';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RateLimits } from '../context.js';
import type { DatabaseTarget } from '../db/database.js';
import { createPostgresSchema, onPostgres, startTestServer, type TestServer, type TestUser } from '../test/harness.js';

const LIMITS: Partial<RateLimits> = {
  messagesPerUser: 3,
  messagesPerAddress: 5,
  commentsPerUser: 2,
  commentsPerAddress: 3,
  ticketsPerUser: 2,
  ticketsPerAddress: 3,
  uploadBytesPerUser: 250_000,
  uploadBytesPerAddress: 350_000,
  customerStorageBytes: 210_000,
};

const servers: TestServer[] = [];
const sockets: Socket[] = [];
afterEach(() => sockets.splice(0).forEach((s) => s.disconnect()));
afterAll(() => Promise.all(servers.splice(0).map((s) => s.close())));

async function serverWith(rateLimits: Partial<RateLimits>, options: { env?: Record<string, string>; database?: DatabaseTarget } = {}) {
  const server = await startTestServer({ rateLimits, ...options });
  servers.push(server);
  return server;
}

// One server for the per-user and per-address limits. Behind a trusted proxy, each test is its
// own client address (X-Forwarded-For), so the address budgets of tests never mix.
let server: TestServer;
beforeAll(async () => {
  server = await serverWith(LIMITS, { env: { TRUST_PROXY: 'true' } });
});
let addressCounter = 0;
const newAddress = () => `203.0.113.${++addressCounter}`;

interface Client extends TestUser {
  address: string;
}

async function newClient(address: string, role: Role = 'CUSTOMER'): Promise<Client> {
  return { ...(await server.createUser(role)), address };
}

const call = (client: Client, method: string, urlPath: string, body?: unknown) =>
  server.api(method, urlPath, { token: client.token, body, headers: { 'x-forwarded-for': client.address } });

async function openTicket(owner: Client) {
  const res = await call(owner, 'POST', '/tickets', { subject: 'Printer on fire', description: 'It is really on fire', category: 'technical' });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function connect(target: TestServer, user: TestUser & { address?: string }): Promise<Socket> {
  const socket = io(target.url, {
    auth: { token: user.token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: user.address ? { 'x-forwarded-for': user.address } : {},
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

const sendOverSocket = (socket: Socket, ticketId: string, body: string) =>
  socket.emitWithAck('message:send', { ticketId, body, clientId: randomBytes(8).toString('hex') });

const sendOverRest = (client: Client, ticketId: string, body: string) => call(client, 'POST', `/tickets/${ticketId}/messages`, { body });

function expectRateLimited(res: { status: number; body: any; headers: Headers }) {
  expect(res.status).toBe(429);
  expect(res.body).toEqual({ error: { code: 'RATE_LIMITED', message: expect.stringMatching(/try again in \d+/) } });
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
}

/** A plain-text file of exactly `size` bytes. */
const textFile = (size: number) => new Blob(['x'.repeat(size)], { type: 'text/plain' });

const attach = (client: Client, ticketId: string, size: number) => {
  const form = new FormData();
  form.append('file', textFile(size), 'notes.txt');
  return call(client, 'POST', `/tickets/${ticketId}/attachments`, form);
};

describe('chat message limits', () => {
  it('counts REST and socket sends against one per-user budget and refuses the next on both', async () => {
    const customer = await newClient(newAddress());
    const ticketId = await openTicket(customer);
    const socket = await connect(server, customer);

    expect((await sendOverRest(customer, ticketId, 'one')).status).toBe(201);
    expect(await sendOverSocket(socket, ticketId, 'two')).toMatchObject({ ok: true });
    expect((await sendOverRest(customer, ticketId, 'three')).status).toBe(201);

    const refused = await sendOverSocket(socket, ticketId, 'four');
    expect(refused).toEqual({
      ok: false,
      error: { code: 'RATE_LIMITED', message: expect.stringContaining('too fast'), retryAfterSeconds: expect.any(Number) },
    });
    // The same wait as REST's Retry-After: the socket client waits that long before sending again.
    expect(refused.error.retryAfterSeconds).toBeGreaterThan(0);
    expectRateLimited(await sendOverRest(customer, ticketId, 'five'));
    // Refused messages are not stored: exactly the three accepted ones are.
    const list = await call(customer, 'GET', `/tickets/${ticketId}/messages`);
    expect(list.body.items.map((m: { body: string }) => m.body)).toEqual(['one', 'two', 'three']);

    // Another user's budget is their own, even from the same address.
    const other = await newClient(customer.address);
    expect((await sendOverRest(other, await openTicket(other), 'hello')).status).toBe(201);
  });

  it('caps all customers of one address together, and gives admins five times the per-user budget', async () => {
    const address = newAddress();
    const [alice, bob, admin] = [await newClient(address), await newClient(address), await newClient(address, 'ADMIN')];
    const [aliceTicket, bobTicket] = [await openTicket(alice), await openTicket(bob)];
    for (const body of ['a1', 'a2', 'a3']) expect((await sendOverRest(alice, aliceTicket, body)).status).toBe(201);
    expect((await sendOverRest(bob, bobTicket, 'b1')).status).toBe(201);
    const socket = await connect(server, bob);
    expect(await sendOverSocket(socket, bobTicket, 'b2')).toMatchObject({ ok: true });
    // Bob has spent one of his three, but the address has spent its five.
    expect(await sendOverSocket(socket, bobTicket, 'b3')).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });

    // Admins do not spend the address's budget, and have 5 × 3 messages of their own.
    const adminSocket = await connect(server, admin);
    for (let i = 0; i < 15; i++) expect(await sendOverSocket(adminSocket, bobTicket, `reply ${i}`)).toMatchObject({ ok: true });
    expectRateLimited(await sendOverRest(admin, bobTicket, 'one too many'));
  });
});

describe('comment and ticket limits', () => {
  it('refuses comments past the per-user budget, and past the per-address budget across users', async () => {
    const address = newAddress();
    const [alice, bob] = [await newClient(address), await newClient(address)];
    const [aliceTicket, bobTicket] = [await openTicket(alice), await openTicket(bob)];
    const comment = (client: Client, ticketId: string) => call(client, 'POST', `/tickets/${ticketId}/comments`, { body: 'More details' });
    expect((await comment(alice, aliceTicket)).status).toBe(201);
    expect((await comment(alice, aliceTicket)).status).toBe(201);
    expectRateLimited(await comment(alice, aliceTicket));
    expect((await comment(bob, bobTicket)).status).toBe(201);
    expectRateLimited(await comment(bob, bobTicket)); // Alice's two and Bob's first spent the address's three
  });

  it('counts comment edits against the same budget as new comments', async () => {
    const customer = await newClient(newAddress());
    const ticketId = await openTicket(customer);
    const created = await call(customer, 'POST', `/tickets/${ticketId}/comments`, { body: 'First draft' });
    expect(created.status).toBe(201);
    expect((await call(customer, 'PATCH', `/comments/${created.body.id}`, { body: 'Second draft' })).status).toBe(200);
    expectRateLimited(await call(customer, 'PATCH', `/comments/${created.body.id}`, { body: 'Third draft' }));
    const list = await call(customer, 'GET', `/tickets/${ticketId}/comments`);
    expect(list.body.items.map((c: { body: string }) => c.body)).toEqual(['Second draft']);
  });

  it('refuses tickets past the per-user budget, leaving no ticket behind', async () => {
    const customer = await newClient(newAddress());
    await openTicket(customer);
    await openTicket(customer);
    expectRateLimited(await call(customer, 'POST', '/tickets', { subject: 'Third', description: 'one more', category: 'general' }));
    const list = await call(customer, 'GET', '/tickets');
    expect(list.body.items).toHaveLength(2);
  });

  it('refuses tickets past the per-address budget across users', async () => {
    const address = newAddress();
    const clients = [await newClient(address), await newClient(address), await newClient(address)];
    await openTicket(clients[0]!);
    await openTicket(clients[0]!);
    await openTicket(clients[1]!);
    expectRateLimited(await call(clients[2]!, 'POST', '/tickets', { subject: 'Fourth', description: 'one more', category: 'general' }));
  });
});

describe('upload limits and the storage quota', () => {
  it('refuses uploads past the hourly bytes of a user, also as files of a new ticket', async () => {
    const customer = await newClient(newAddress());
    const ticketId = await openTicket(customer);
    expect((await attach(customer, ticketId, 100_000)).status).toBe(201);
    const second = await attach(customer, ticketId, 100_000);
    expect(second.status).toBe(201);
    // Deleting frees storage, not the hour's upload budget.
    expect((await call(customer, 'DELETE', `/attachments/${second.body.id}`)).status).toBe(204);
    expectRateLimited(await attach(customer, ticketId, 100_000));

    const form = new FormData();
    for (const field of ['subject', 'description']) form.append(field, 'With a log file');
    form.append('category', 'general');
    form.append('attachment', textFile(100_000), 'log.txt');
    expectRateLimited(await call(customer, 'POST', '/tickets', form));
    // Neither refused upload left a file or a ticket.
    expect((await call(customer, 'GET', '/tickets')).body.items).toHaveLength(1);
    expect(await server.ctx.db.attachment.count({ where: { uploaderId: customer.id } })).toBe(1);
  });

  it('refuses a multipart upload from a caller whose budget is spent before reading its body', async () => {
    const customer = await newClient(newAddress());
    const ticketId = await openTicket(customer);
    const stored = await attach(customer, ticketId, 200_000);
    expect(stored.status).toBe(201);
    expect((await call(customer, 'DELETE', `/attachments/${stored.body.id}`)).status).toBe(204);
    expectRateLimited(await attach(customer, ticketId, 100_000));

    // A body that starts and then stalls: only a refusal made before reading it can be answered.
    const { status, retryAfter } = await new Promise<{ status: number; retryAfter: string | undefined }>((resolve, reject) => {
      const request = http.request(`${server.url}/api/tickets/${ticketId}/attachments`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${customer.token}`,
          'x-forwarded-for': customer.address,
          'content-type': 'multipart/form-data; boundary=stalled',
          'content-length': String(50 * 1024 * 1024),
        },
      });
      request.on('response', (response) => {
        resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'] });
        response.resume();
        request.destroy();
      });
      request.on('error', reject);
      request.write('--stalled\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n' + 'x'.repeat(1000));
    });
    expect(status).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it('refuses uploads past the hourly bytes of an address across users', async () => {
    const address = newAddress();
    const [alice, bob] = [await newClient(address), await newClient(address)];
    expect((await attach(alice, await openTicket(alice), 200_000)).status).toBe(201);
    expectRateLimited(await attach(bob, await openTicket(bob), 200_000));
  });

  it("refuses a customer's upload past the storage quota with 413 QUOTA_EXCEEDED, frees room on delete, and exempts admins", async () => {
    const customer = await newClient(newAddress());
    const admin = await newClient(newAddress(), 'ADMIN');
    const ticketId = await openTicket(customer);
    const first = await attach(customer, ticketId, 60_000);
    expect(first.status).toBe(201);
    expect((await attach(customer, ticketId, 60_000)).status).toBe(201);
    expect((await attach(customer, ticketId, 60_000)).status).toBe(201);
    const refused = await attach(customer, ticketId, 60_000);
    expect(refused.status).toBe(413);
    expect(refused.body).toEqual({ error: { code: 'QUOTA_EXCEEDED', message: expect.stringContaining('of the 0.2 MB you may store') } });

    expect((await call(customer, 'DELETE', `/attachments/${first.body.id}`)).status).toBe(204);
    expect((await attach(customer, ticketId, 60_000)).status).toBe(201);
    // The support team's files on the customer's ticket count against no one's quota.
    for (let i = 0; i < 3; i++) expect((await attach(admin, ticketId, 60_000)).status).toBe(201);
  });

  it('holds to the storage quota when many uploads arrive at once', async () => {
    const customer = await newClient(newAddress());
    const ticketId = await openTicket(customer);
    // Ten at once: each alone would fit, and together they are 300 KB against a 210 KB quota.
    const answers = await Promise.all(Array.from({ length: 10 }, () => attach(customer, ticketId, 30_000)));
    const stored = await server.ctx.db.attachment.aggregate({ where: { uploaderId: customer.id }, _sum: { size: true }, _count: true });
    expect(stored._sum.size).toBeLessThanOrEqual(LIMITS.customerStorageBytes!);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(stored._count);
    for (const refused of answers.filter((a) => a.status !== 201)) {
      expect([413, 429]).toContain(refused.status);
      expect(['QUOTA_EXCEEDED', 'RATE_LIMITED']).toContain(refused.body.error.code);
    }
    expect(answers.filter((a) => a.status === 413).length).toBeGreaterThan(0);
    // Nothing refused was left behind in storage: every stored file has its row.
    const keys = (await server.ctx.db.attachment.findMany({ where: { uploaderId: customer.id }, select: { storageKey: true } })).map((a) => a.storageKey);
    expect(new Set(keys).size).toBe(stored._count);
  });
});

describe('sign-in lockout', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'deskline-lockout-'));
  let database: DatabaseTarget;
  let drop: (() => Promise<void>) | undefined;
  let first: TestServer;
  const wrong = { email: 'root@deskline.test', password: 'wrong-password' };
  const right = { email: 'root@deskline.test', password: 'root-password' };
  beforeAll(async () => {
    const schema = onPostgres ? await createPostgresSchema() : undefined;
    drop = schema?.drop;
    database = schema ? { kind: 'postgres', url: schema.url, schema: schema.schema } : { kind: 'pglite', dataDir };
    first = await serverWith({ loginFailures: 3 }, { database });
  });
  afterAll(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    await drop?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('counts failed sign-ins only, and refuses even the right password past the budget', async () => {
    expect((await first.api('POST', '/auth/login', { body: right })).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await first.api('POST', '/auth/login', { body: wrong })).status).toBe(401);
    expectRateLimited(await first.api('POST', '/auth/login', { body: right }));
  });

  describe('after a restart on the same database', () => {
    let second: TestServer;
    beforeAll(async () => {
      await first.close();
      second = await serverWith({ loginFailures: 3 }, { database });
    });

    it('still refuses sign-ins from the locked-out address', async () => {
      expectRateLimited(await second.api('POST', '/auth/login', { body: right }));
    });
  });
});

const redisUrl = process.env.TEST_REDIS_URL;
const databaseUrl = process.env.TEST_DATABASE_URL;
const twoInstances = !redisUrl ? 'TEST_REDIS_URL is not set' : !databaseUrl ? 'TEST_DATABASE_URL is not set' : !onPostgres ? 'runs in the postgres project' : '';
if (twoInstances) console.log(`Skipping the shared-counter test: ${twoInstances}.`);

describe.skipIf(Boolean(twoInstances))('two instances through Redis', () => {
  let a: TestServer;
  let b: TestServer;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const schema = await createPostgresSchema();
    drop = schema.drop;
    const env = { REDIS_URL: redisUrl!, REDIS_PREFIX: `deskline-test-${randomBytes(4).toString('hex')}` };
    const database = { kind: 'postgres' as const, url: schema.url, schema: schema.schema };
    [a, b] = await Promise.all([serverWith({ messagesPerUser: 3 }, { env, database }), serverWith({ messagesPerUser: 3 }, { env, database })]);
  });
  afterAll(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    await drop?.();
  });

  it('share one budget: messages sent through A count on B', async () => {
    const customer = await a.createUser();
    const ticket = await a.api('POST', '/tickets', {
      token: customer.token,
      body: { subject: 'Across', description: 'instances', category: 'general' },
    });
    const ticketId = ticket.body.id as string;
    const send = (target: TestServer, body: string) => target.api('POST', `/tickets/${ticketId}/messages`, { token: customer.token, body: { body } });
    expect((await send(a, 'one')).status).toBe(201);
    expect((await send(b, 'two')).status).toBe(201);
    expect(await sendOverSocket(await connect(a, customer), ticketId, 'three')).toMatchObject({ ok: true });
    expect(await sendOverSocket(await connect(b, customer), ticketId, 'four')).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expectRateLimited(await send(a, 'five'));
  });
});
