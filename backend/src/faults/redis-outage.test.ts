// Redis unreachable under two instances: each keeps serving its own clients (chat included), no
// process dies, an instance starting meanwhile starts anyway, and the cluster heals by itself
// when Redis returns, with every message stored once.
import { randomBytes } from 'node:crypto';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageJson } from '@deskline/contract';
import { createApi, onPostgres } from '../test/harness.js';
import { createDatabase, INSTANCE_ADMIN, launchInstance, sleep, waitFor, type InstanceProcess } from '../test/instances.js';
import { startTcpProxy, targetOf, type OutageMode, type TcpProxy } from '../test/tcp-proxy.js';

const databaseUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;
const reason = !redisUrl
  ? 'TEST_REDIS_URL is not set (the outage is of Redis)'
  : !databaseUrl
    ? 'TEST_DATABASE_URL is not set (two instances need PostgreSQL)'
    : !onPostgres
      ? 'they run once, in the postgres project'
      : '';
if (reason) console.log(`Skipping the Redis outage tests: ${reason}.`);

interface Listener {
  socket: Socket;
  /** Bodies of the messages heard, in order. */
  heard: string[];
}

describe.skipIf(Boolean(reason))('Redis unreachable under two instances', () => {
  let database: { url: string; drop(): Promise<void> };
  let proxy: TcpProxy;
  let env: Record<string, string>;
  const instances: InstanceProcess[] = [];
  const sockets: Socket[] = [];
  let a: InstanceProcess;
  let b: InstanceProcess;
  let adminToken: string;

  beforeAll(async () => {
    database = await createDatabase(databaseUrl!, 'deskline_fault');
    proxy = await startTcpProxy(targetOf(redisUrl!, 6379));
    env = { DATABASE_URL: database.url, REDIS_URL: proxy.urlFor(redisUrl!), REDIS_PREFIX: `deskline-fault-${randomBytes(4).toString('hex')}` };
    [a, b] = await Promise.all([launchInstance('a', env), launchInstance('b', env)]);
    instances.push(a, b);
    await Promise.all([a.waitUntilReady(), b.waitUntilReady()]);
    adminToken = (await createApi(a.url)('POST', '/auth/login', { body: INSTANCE_ADMIN })).body.token;
  }, 150_000);

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    proxy?.restore();
    await Promise.all(instances.map((i) => i.stop(2_000)));
    await proxy?.close();
    await database?.drop();
  });

  async function listen(instance: InstanceProcess, token: string, ticketId?: string): Promise<Listener> {
    const socket = connectSocket(instance.url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
    sockets.push(socket);
    const listener: Listener = { socket, heard: [] };
    socket.on('message:new', (m: MessageJson) => listener.heard.push(m.body));
    await new Promise<void>((resolve, reject) => (socket.once('connect', resolve), socket.once('connect_error', reject)));
    if (ticketId) expect((await socket.emitWithAck('ticket:join', ticketId)).ok).toBe(true);
    return listener;
  }

  /** A customer with a ticket on `instance`, connected there. */
  async function customerOn(instance: InstanceProcess, name: string) {
    const api = createApi(instance.url);
    const email = `${name}-${randomBytes(3).toString('hex')}@example.test`;
    const { token } = (await api('POST', '/auth/register', { body: { name, email, password: 'password123' } })).body;
    const ticket = (await api('POST', '/tickets', { token, body: { subject: `${name}'s question`, description: 'x', category: 'general' } })).body;
    return { token, ticketId: ticket.id as string, listener: await listen(instance, token, ticket.id) };
  }

  const send = (from: Listener, ticketId: string, body: string) =>
    from.socket.timeout(10_000).emitWithAck('message:send', { ticketId, body, clientId: randomBytes(8).toString('hex') }) as Promise<{ ok: boolean; message?: MessageJson }>;

  /** Sends fresh probes from `from` until one is heard by `to` (the cluster has healed). */
  async function untilHeardAcross(from: Listener, ticketId: string, to: Listener, label: string) {
    let n = 0;
    await waitFor(
      async () => {
        const body = `${label} probe ${n++}`;
        expect((await send(from, ticketId, body)).ok).toBe(true);
        await sleep(200);
        return to.heard.includes(body);
      },
      { timeoutMs: 30_000, intervalMs: 300, describe: () => `${label}: a message to cross instances again` },
    );
  }

  for (const mode of ['refuse', 'blackhole'] as OutageMode[]) {
    const label = mode === 'refuse' ? 'Redis down (connections refused)' : 'Redis silent (a partition: connections hang)';

    it(`${label}: each instance serves its own clients; the cluster heals when Redis returns`, { timeout: 150_000 }, async () => {
      const onA = await customerOn(a, 'Ana');
      const onB = await customerOn(b, 'Bo');
      const adminOnA = await listen(a, adminToken);
      const adminOnB = await listen(b, adminToken);
      // Joined through Redis: Ana's messages reach the admin connected to B.
      await untilHeardAcross(onA.listener, onA.ticketId, adminOnB, `${mode} before`);

      // Chat is busy when Redis goes: publishes are in flight at the moment of the cut.
      const burst = Array.from({ length: 40 }, (_, i) => send(onA.listener, onA.ticketId, `${mode} burst ${i}`));
      await sleep(5);
      proxy.cut(mode);
      expect((await Promise.all(burst)).every((ack) => ack.ok)).toBe(true);

      // Meanwhile an instance starts: it does not wait for Redis to serve.
      const c = await launchInstance(`c-${mode}`, env);
      instances.push(c);

      // Each instance keeps serving its own clients, live: chat, both ways, stored once.
      const during: string[] = [];
      for (let i = 0; i < 5; i++) {
        for (const [who, customer, admin] of [['Ana', onA, adminOnA], ['Bo', onB, adminOnB]] as const) {
          const body = `${mode} during ${who} ${i}`;
          expect((await send(customer.listener, customer.ticketId, body)).ok).toBe(true);
          const reply = `${mode} reply to ${who} ${i}`;
          expect((await send(admin, customer.ticketId, reply)).ok).toBe(true);
          during.push(body, reply);
        }
      }
      await waitFor(() => during.filter((m) => m.includes('Ana')).every((m) => adminOnA.heard.includes(m) && onA.listener.heard.includes(m)), {
        describe: () => "Ana and the admin on A to hear each other while Redis is away",
      });
      await waitFor(() => during.filter((m) => m.includes('Bo')).every((m) => adminOnB.heard.includes(m) && onB.listener.heard.includes(m)), {
        describe: () => 'Bo and the admin on B to hear each other while Redis is away',
      });
      await c.waitUntilReady(60_000);
      await sleep(1_000); // an outage of a few seconds
      expect([a, b, c].filter((i) => !i.alive).map((i) => `${i.name}:\n${i.output()}`)).toEqual([]);
      for (const instance of [a, b, c]) expect((await fetch(`${instance.url}/api/health/ready`)).status).toBe(200);

      proxy.restore();
      // Heals by itself, both ways, including the instance that started during the outage.
      await untilHeardAcross(onA.listener, onA.ticketId, adminOnB, `${mode} A→B`);
      await untilHeardAcross(onB.listener, onB.ticketId, adminOnA, `${mode} B→A`);
      const onC = await customerOn(c, 'Cy');
      await untilHeardAcross(onC.listener, onC.ticketId, adminOnA, `${mode} C→A`);

      // Nothing was lost: what the admin on B could not hear live meanwhile is stored, once each.
      const stored = (await createApi(b.url)('GET', `/tickets/${onA.ticketId}/messages?limit=100`, { token: adminToken })).body.items.map(
        (m: MessageJson) => m.body,
      );
      const expected = [...Array.from({ length: 40 }, (_, i) => `${mode} burst ${i}`), ...during.filter((m) => m.includes('Ana'))];
      for (const body of expected) expect(stored.filter((s: string) => s === body), body).toHaveLength(1);
      expect([a, b, c].filter((i) => !i.alive).map((i) => i.name)).toEqual([]);
      expect(a.output() + b.output()).not.toMatch(/Unhandled|uncaught/i);
      await c.stop(2_000);
    });
  }
});
