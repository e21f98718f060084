// PostgreSQL unreachable for a few seconds (down, or silent behind a partition): every request
// fails fast with 503 in the contract's shape, never a 500, the server stays up, and it recovers
// by itself when the database returns, with nothing stored lost.
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allEndpoints } from '../endpoints.js';
import { pngForm } from '../test/fixtures.js';
import { createPostgresSchema, onPostgres, type ApiResponse, type RequestOptions, type TestServer, type TestUser, startTestServer, unsigned } from '../test/harness.js';
import { waitFor } from '../test/instances.js';
import { startTcpProxy, targetOf, type OutageMode, type TcpProxy } from '../test/tcp-proxy.js';

const databaseUrl = process.env.TEST_DATABASE_URL;
const reason = !databaseUrl ? 'TEST_DATABASE_URL is not set (the outage is of PostgreSQL)' : !onPostgres ? 'it runs once, in the postgres project' : '';
if (reason) console.log(`Skipping the database outage tests: ${reason}.`);

/** "Fast": well under the old 5 s connect timeout, and under any proxy's read timeout. */
const FAST_MS = 2_500;
const OUTAGE_MS = 3_000;

const UNAVAILABLE = { error: { code: 'SERVICE_UNAVAILABLE', message: expect.any(String) } };

describe.skipIf(Boolean(reason))('PostgreSQL unreachable for a few seconds', () => {
  let proxy: TcpProxy;
  let dropSchema: () => Promise<void>;
  let server: TestServer;
  let admin: TestUser;
  let customer: TestUser;
  const ids: Record<string, string> = {};
  let socket: Socket;

  beforeAll(async () => {
    proxy = await startTcpProxy(targetOf(databaseUrl!, 5432));
    const schema = await createPostgresSchema();
    dropSchema = schema.drop;
    server = await startTestServer({ database: { kind: 'postgres', url: proxy.urlFor(databaseUrl!), schema: schema.schema } });
    admin = await server.createUser('ADMIN');
    customer = await server.createUser('CUSTOMER');
    const ticket = (await server.api('POST', '/tickets', { token: customer.token, body: { subject: 'Before the outage', description: 'kept', category: 'general' } })).body;
    ids.ticket = ticket.id;
    ids.message = (await server.api('POST', `/tickets/${ticket.id}/messages`, { token: customer.token, body: { body: 'hello' } })).body.id;
    ids.comment = (await server.api('POST', `/tickets/${ticket.id}/comments`, { token: customer.token, body: { body: 'a remark' } })).body.id;
    ids.attachment = (await server.api('POST', `/tickets/${ticket.id}/attachments`, { token: customer.token, body: pngForm() })).body.id;
    ids.category = (await server.api('GET', '/categories')).body[0].id;
    ids.user = customer.id;
    ids.site = (await server.api('POST', '/sites', { token: admin.token, body: { name: 'Shop', allowedOrigins: ['https://shop.example.com'] } })).body.id;
    socket = connectSocket(server.url, { auth: { token: customer.token }, transports: ['websocket'], forceNew: true, reconnection: false });
    await new Promise<void>((resolve, reject) => (socket.once('connect', resolve), socket.once('connect_error', reject)));
    expect((await socket.emitWithAck('ticket:join', ids.ticket)).ok).toBe(true);
  });

  afterAll(async () => {
    socket?.close();
    proxy?.restore();
    await server?.close();
    await dropSchema?.();
    await proxy?.close();
  });

  /** What a customer can read of their ticket: must come through the outage unchanged. */
  const snapshot = async () => {
    // Signed file links are renewed every few minutes by design: the file they name is what counts.
    const read = async (path: string) => unsigned((await server.api('GET', path, { token: customer.token })).body);
    const ticket = await read(`/tickets/${ids.ticket}`);
    return {
      ticket: { ...ticket, unreadCount: undefined, updatedAt: undefined },
      messages: await read(`/tickets/${ids.ticket}/messages`),
      comments: await read(`/tickets/${ids.ticket}/comments`),
    };
  };

  const pathWithIds = (path: string) =>
    path.replace(':id', () => {
      const [, resource] = /^\/(\w+)/.exec(path)!;
      return { users: ids.user, categories: ids.category, attachments: ids.attachment, comments: ids.comment, sites: ids.site }[resource!] ?? ids.ticket!;
    });

  /** The requests of a busy moment: the customer's and the admin's everyday calls, and the public ones. */
  const everydayRequests = (): [string, string, RequestOptions][] => [
    ['GET', '/tickets', { token: customer.token }],
    ['GET', `/tickets/${ids.ticket}`, { token: customer.token }],
    ['POST', `/tickets/${ids.ticket}/messages`, { token: customer.token, body: { body: 'lost in the outage?' } }],
    ['POST', `/tickets/${ids.ticket}/comments`, { token: customer.token, body: { body: 'lost in the outage?' } }],
    ['POST', '/tickets', { token: customer.token, body: { subject: 'During the outage', description: 'x', category: 'general' } }],
    ['POST', `/tickets/${ids.ticket}/attachments`, { token: customer.token, body: pngForm() }],
    ['GET', `/attachments/${ids.attachment}`, { token: customer.token }],
    ['GET', '/messages/unread-count', { token: customer.token }],
    ['GET', '/auth/me', { token: customer.token }],
    ['POST', '/auth/login', { body: { email: customer.email, password: 'password123' } }],
    ['GET', '/categories', {}],
    ['GET', '/categories', { token: customer.token }],
    ['GET', '/users', { token: admin.token }],
    ['PATCH', `/tickets/${ids.ticket}`, { token: admin.token, body: { status: 'IN_PROGRESS' } }],
    ['GET', '/health', {}],
    ['GET', '/health/ready', {}],
  ];

  async function timed(method: string, path: string, options: RequestOptions): Promise<ApiResponse & { ms: number; what: string }> {
    const started = performance.now();
    const response = await server.api(method, path, options);
    return { ...response, ms: performance.now() - started, what: `${method} ${path}` };
  }

  for (const mode of ['refuse', 'blackhole'] as OutageMode[]) {
    const label = mode === 'refuse' ? 'PostgreSQL down (connections refused)' : 'PostgreSQL silent (a partition: connections hang)';

    it(`${label}: requests fail fast with 503, never 500; the server stays up and recovers by itself`, { timeout: 60_000 }, async () => {
      const before = await snapshot();
      proxy.cut(mode);
      const cutAt = performance.now();

      // A burst at once, as at the moment of a real outage, then steady traffic for a few seconds.
      const everyday = await Promise.all(everydayRequests().map(([m, p, o]) => timed(m, p, o)));
      const sweep: Awaited<ReturnType<typeof timed>>[] = [];
      // Every route of the API, with real ids: none may answer 500.
      for (const spec of allEndpoints) {
        const path = pathWithIds(spec.path);
        const body = spec.method === 'get' || spec.method === 'delete' ? undefined : {};
        sweep.push(await timed(spec.method.toUpperCase(), path, { token: admin.token, body }));
      }
      while (performance.now() - cutAt < OUTAGE_MS) {
        everyday.push(...(await Promise.all(everydayRequests().map(([m, p, o]) => timed(m, p, o)))));
      }
      // The socket stays connected; what needs the database is refused for now, in the ack's shape.
      const ack = await socket.timeout(FAST_MS).emitWithAck('message:send', { ticketId: ids.ticket, body: 'lost?', clientId: `outage-${mode}` });
      const typing = await socket.timeout(FAST_MS).emitWithAck('typing', { ticketId: ids.ticket, typing: true });
      // A new connection is refused as "unavailable", not "unauthorized": the client must keep its token.
      const refusal = await new Promise<string>((resolve) => {
        const late = connectSocket(server.url, { auth: { token: customer.token }, transports: ['websocket'], forceNew: true, reconnection: false });
        late.once('connect', () => (late.close(), resolve('connected')));
        late.once('connect_error', (error) => (late.close(), resolve(error.message)));
      });
      const live = await timed('GET', '/health/live', {});
      proxy.restore();

      for (const r of everyday) {
        expect(r.status, `${r.what} → ${JSON.stringify(r.body)}`).toBe(503);
        expect(r.body, r.what).toEqual(UNAVAILABLE);
        expect(r.ms, `${r.what} took ${r.ms.toFixed(0)} ms`).toBeLessThan(FAST_MS);
      }
      for (const r of sweep) {
        expect(r.status === 503 || (r.status >= 400 && r.status < 500) || r.what.startsWith('GET /health/live'), `${r.what} → ${r.status} ${JSON.stringify(r.body)}`).toBe(true);
        if (r.status === 503) expect(r.body, r.what).toEqual(UNAVAILABLE);
        expect(r.ms, `${r.what} took ${r.ms.toFixed(0)} ms`).toBeLessThan(FAST_MS);
      }
      expect(sweep.filter((r) => r.status === 503).length).toBeGreaterThan(allEndpoints.length / 2);
      const slowest = Math.max(...[...everyday, ...sweep].map((r) => r.ms));
      console.log(`${label}: ${everyday.length + sweep.length} requests answered 503 or 4xx, the slowest in ${slowest.toFixed(0)} ms`);
      expect(ack).toEqual({ ok: false, error: { code: 'SERVICE_UNAVAILABLE', message: expect.any(String) } });
      expect(typing).toEqual({ ok: true });
      expect(refusal).toBe('unavailable');
      expect(live.status).toBe(200);

      // Back by itself: ready again, every request served, the open socket usable, nothing lost.
      await waitFor(async () => (await server.api('GET', '/health/ready')).status === 200, { timeoutMs: 20_000, describe: () => 'readiness after the outage' });
      for (const [m, p, o] of everydayRequests()) {
        if (m !== 'GET') continue;
        const r = await server.api(m, p, o);
        expect(r.status, `${m} ${p} after the outage → ${JSON.stringify(r.body)}`).toBe(200);
      }
      expect(await snapshot()).toEqual(before);
      expect(socket.connected).toBe(true);
      const after = await socket.emitWithAck('message:send', { ticketId: ids.ticket, body: `after the ${mode} outage`, clientId: `after-${mode}` });
      expect(after).toMatchObject({ ok: true, message: { body: `after the ${mode} outage` } });
    });
  }
});
