// Two instances on one PostgreSQL and one Redis: rooms and events cross between them.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresSchema, onPostgres, startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { RealtimeClient } from '@deskline/contract/client';

const redisUrl = process.env.TEST_REDIS_URL;
const databaseUrl = process.env.TEST_DATABASE_URL;
// Needs both shared services; it runs once, in the PostgreSQL project.
const reason = !redisUrl ? 'TEST_REDIS_URL is not set' : !databaseUrl ? 'TEST_DATABASE_URL is not set' : !onPostgres ? 'runs in the postgres project' : '';
if (reason) console.log(`Skipping the two-instance tests: ${reason}.`);

describe.skipIf(Boolean(reason))('two instances through Redis', () => {
  let a: TestServer;
  let b: TestServer;
  let drop: () => Promise<void>;
  let admin: TestUser;
  let customer: TestUser;
  const clients: RealtimeClient[] = [];

  beforeAll(async () => {
    const schema = await createPostgresSchema();
    drop = schema.drop;
    const env = { REDIS_URL: redisUrl!, REDIS_PREFIX: `deskline-test-${randomBytes(4).toString('hex')}` };
    const database = { kind: 'postgres' as const, url: schema.url, schema: schema.schema };
    // Both start at once: migrations must run once, under the lock.
    [a, b] = await Promise.all([startTestServer({ env, database }), startTestServer({ env, database })]);
    admin = await b.createUser('ADMIN', 'Agent on B');
    customer = await a.createUser('CUSTOMER', 'Customer on A');
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await a?.close();
    await b?.close();
    await drop?.();
  });

  const connect = (server: TestServer, user: TestUser) => {
    const client = new RealtimeClient({ url: server.url, token: user.token, socketOptions: { transports: ['websocket'], forceNew: true } });
    clients.push(client);
    return client;
  };

  it('a customer on A and an admin on B chat both ways, and notifications cross instances', async () => {
    const onA = connect(a, customer);
    const onB = connect(b, admin);
    const adminHeard: string[] = [];
    const customerHeard: string[] = [];
    const created: string[] = [];
    const statuses: string[] = [];
    onB.on('message:new', (m) => adminHeard.push(m.body));
    onA.on('message:new', (m) => customerHeard.push(m.body));
    onB.on('ticket:created', (t) => created.push(t.id));
    onA.on('ticket:updated', (t) => statuses.push(t.status));
    await new Promise<void>((resolve) => (onB.connected ? resolve() : onB.on('status', (s) => s === 'connected' && resolve())));

    const ticket = (await a.api('POST', '/tickets', { token: customer.token, body: { subject: 'Across', description: 'instances', category: 'general' } })).body;
    await expect.poll(() => created).toEqual([ticket.id]);

    await onA.join(ticket.id);
    await onB.join(ticket.id);
    await onA.send(ticket.id, 'hello from A');
    await onB.send(ticket.id, 'hello from B');
    await expect.poll(() => adminHeard).toEqual(['hello from A', 'hello from B']);
    await expect.poll(() => customerHeard).toEqual(['hello from A', 'hello from B']);

    await b.api('PATCH', `/tickets/${ticket.id}`, { token: admin.token, body: { status: 'IN_PROGRESS' } });
    await expect.poll(() => statuses).toEqual(['IN_PROGRESS']);
  });

  it("rotating a site's secret on one instance disconnects its visitors' sockets on the other", async () => {
    const origin = 'https://cluster-shop.example';
    const site = (await b.api('POST', '/sites', { token: admin.token, body: { name: 'Cluster shop', allowedOrigins: [origin] } })).body;
    const session = await a.api('POST', '/widget/session', { body: { siteKey: site.siteKey, name: 'Visitor on A' }, headers: { origin } });
    expect(session.status).toBe(200);
    const onA = connect(a, { ...customer, id: session.body.user.id, token: session.body.token });
    const dropped = new Promise<string>((resolve) => onA.on('status', (s) => s !== 'connected' && resolve(s)));
    await new Promise<void>((resolve) => (onA.connected ? resolve() : onA.on('status', (s) => s === 'connected' && resolve())));
    expect((await b.api('POST', `/sites/${site.id}/rotate-secret`, { token: admin.token })).status).toBe(200);
    expect(await dropped).toBe('disconnected');
    expect((await a.api('GET', '/tickets', { token: session.body.token })).status).toBe(401);
  });

  it('logging out on one instance disconnects the sockets held by the other', async () => {
    const user = await a.createUser('CUSTOMER');
    const onA = connect(a, user);
    const dropped = new Promise<string>((resolve) => onA.on('status', (s) => s !== 'connected' && resolve(s)));
    await new Promise<void>((resolve) => (onA.connected ? resolve() : onA.on('status', (s) => s === 'connected' && resolve())));
    expect((await b.api('POST', '/auth/logout', { token: user.token })).status).toBe(204);
    expect(await dropped).toBe('disconnected');
  });

  it("a password changed on one instance disconnects the user's other sockets on the other, not this session's", async () => {
    const user = await a.createUser('CUSTOMER');
    const other = { ...user, token: (await a.api('POST', '/auth/login', { body: { email: user.email, password: 'password123' } })).body.token };
    const [mine, elsewhere] = [connect(a, user), connect(a, other)];
    const statuses: string[] = [];
    mine.on('status', (s) => statuses.push(s));
    const connected = (c: RealtimeClient) => new Promise<void>((resolve) => (c.connected ? resolve() : c.on('status', (s) => s === 'connected' && resolve())));
    await Promise.all([connected(mine), connected(elsewhere)]);
    const dropped = new Promise<string>((resolve) => elsewhere.on('status', (s) => s !== 'connected' && resolve(s)));
    statuses.length = 0;
    const res = await b.api('POST', '/auth/password', { token: user.token, body: { currentPassword: 'password123', newPassword: 'changed-on-b' } });
    expect(res.status).toBe(204);
    expect(await dropped).toBe('disconnected');
    // This session's socket stays: a round trip through A still answers, and it never dropped.
    const ticket = (await a.api('POST', '/tickets', { token: user.token, body: { subject: 'Still here', description: 'yes', category: 'general' } })).body;
    await mine.join(ticket.id);
    expect(statuses).toEqual([]);
  });
});
