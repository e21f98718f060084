// One of two instances dies mid-chat, by kill -9 or by SIGTERM (a rolling upgrade): its clients
// reconnect through the load balancer to the other instance and catch up, and no message is lost
// or doubled, for them or for anyone else.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageJson } from '@deskline/contract';
import { RealtimeClient } from '@deskline/contract/client';
import { createApi, onPostgres, type Api } from '../test/harness.js';
import { createDatabase, INSTANCE_ADMIN, launchInstance, sleep, waitFor, type InstanceProcess } from '../test/instances.js';
import { startLoadBalancer, type LoadBalancer } from '../test/load-balancer.js';

const databaseUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;
const reason = !databaseUrl
  ? 'TEST_DATABASE_URL is not set (two instances need PostgreSQL)'
  : !redisUrl
    ? 'TEST_REDIS_URL is not set (two instances need Redis)'
    : !onPostgres
      ? 'they run once, in the postgres project'
      : '';
if (reason) console.log(`Skipping the instance crash tests: ${reason}.`);

const CUSTOMERS = 6;
/** Each customer sends one message this often, and the admin answers each customer as often. */
const SEND_EVERY_MS = 200;

interface Participant {
  name: string;
  client: RealtimeClient;
  /** Message id → times the client handed it to its listeners. */
  heard: Map<string, number>;
  statuses: string[];
}

interface StoredMessage {
  id: string;
  ticketId: string;
  clientId: string;
  body: string;
}

describe.skipIf(Boolean(reason))('an instance dies mid-chat', () => {
  let database: { url: string; drop(): Promise<void> };
  let env: Record<string, string>;
  const instances: InstanceProcess[] = [];
  let balancer: LoadBalancer;
  let api: Api;
  let adminToken: string;
  const participants: Participant[] = [];
  const customers: { participant: Participant; ticketId: string }[] = [];

  const launch = async (name: string) => {
    const instance = await launchInstance(name, env);
    instances.push(instance);
    return instance;
  };
  const backend = (instance: InstanceProcess) => ({ host: '127.0.0.1', port: instance.port });

  beforeAll(async () => {
    database = await createDatabase(databaseUrl!, 'deskline_fault');
    env = { DATABASE_URL: database.url, REDIS_URL: redisUrl!, REDIS_PREFIX: `deskline-fault-${randomBytes(4).toString('hex')}` };
    balancer = await startLoadBalancer([]);
    api = createApi(balancer.url);
  });

  afterAll(async () => {
    participants.forEach((p) => p.client.close());
    await balancer?.close();
    await Promise.all(instances.map((instance) => instance.stop(2_000)));
    await database?.drop();
  });

  const connect = (name: string, token: string): Participant => {
    const client = new RealtimeClient({
      url: balancer.url,
      token,
      ackTimeoutMs: 10_000,
      socketOptions: { transports: ['websocket'], forceNew: true, reconnectionDelay: 200, reconnectionDelayMax: 1_000 },
    });
    const participant: Participant = { name, client, heard: new Map(), statuses: [] };
    client.on('message:new', (m) => participant.heard.set(m.id, (participant.heard.get(m.id) ?? 0) + 1));
    client.on('status', (s) => participant.statuses.push(s));
    participants.push(participant);
    return participant;
  };

  /**
   * Every customer and the admin (to each customer) send at a steady pace while `during` runs,
   * and a little after; resolves with what was sent once every send is stored.
   */
  async function chatWhile(admin: Participant, during: () => Promise<void>): Promise<MessageJson[]> {
    const sends: Promise<MessageJson>[] = [];
    let sending = true;
    const chat = async (from: Participant, ticketId: string, label: string) => {
      for (let n = 0; sending; n++) {
        sends.push(from.client.send(ticketId, `${label} #${n}`));
        await sleep(SEND_EVERY_MS);
      }
    };
    const chatting = Promise.all(
      customers.flatMap(({ participant, ticketId }, i) => [chat(participant, ticketId, `customer ${i}`), chat(admin, ticketId, `admin to ${i}`)]),
    );
    await waitFor(() => sends.length >= 60, { describe: () => 'some chat first' });
    await during();
    await sleep(1_500); // and chat a little more, afterwards
    sending = false;
    await chatting;
    // Each send resolves once its message is stored (resent under the same clientId if its ack was lost).
    return withTimeout(Promise.all(sends), 45_000, 'every message sent to be stored');
  }

  async function storedMessages(): Promise<StoredMessage[]> {
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      return (await db.query<StoredMessage>('SELECT "id", "ticketId", "clientId", "body" FROM "Message"')).rows;
    } finally {
      await db.end();
    }
  }

  /** Waits until each participant heard each of its expected messages, then checks none twice. */
  async function expectHeardOnce(expected: Map<Participant, string[]>, rows: StoredMessage[]) {
    const missing = () =>
      [...expected].flatMap(([p, ids]) => ids.filter((id) => !p.heard.has(id)).map((id) => `${p.name} missed "${rows.find((r) => r.id === id)?.body}"`));
    await waitFor(() => missing().length === 0, { timeoutMs: 20_000, describe: () => missing().slice(0, 5).join(', ') });
    for (const [p, ids] of expected) {
      expect(ids.filter((id) => p.heard.get(id) !== 1), `${p.name} heard a message more than once`).toEqual([]);
    }
  }

  /** Stored exactly once each: one row per message sent, no clientId twice. */
  function expectStoredOnce(rows: StoredMessage[], sent: MessageJson[]) {
    expect(new Set(rows.map((r) => r.clientId)).size).toBe(rows.length);
    const stored = new Set(rows.map((r) => r.id));
    expect(sent.filter((m) => !stored.has(m.id))).toEqual([]);
    expect(new Set(sent.map((m) => m.id)).size).toBe(sent.length);
  }

  it('kill -9: its clients reconnect to the other instance and catch up; nothing is lost or doubled', { timeout: 180_000 }, async () => {
    // Both at once, as a deployment starts them: the migrations run once, under the lock.
    const [a, b] = await Promise.all([launch('a'), launch('b')]);
    await Promise.all([a.waitUntilReady(), b.waitUntilReady()]);

    // The customers reach the cluster through the balancer, which sends them all to A for now;
    // the admin is on B. Every message crosses Redis.
    balancer.setBackends([backend(a)]);
    adminToken = (await api('POST', '/auth/login', { body: INSTANCE_ADMIN })).body.token;
    const run = randomBytes(3).toString('hex');
    for (let i = 0; i < CUSTOMERS; i++) {
      const email = `crash-${run}-${i}@example.test`;
      // Registered, not created by the admin: an admin-given password must be changed before anything else.
      const registered = await api('POST', '/auth/register', { body: { name: `Customer ${i}`, email, password: 'password123' } });
      expect(registered.status).toBe(201);
      const token = registered.body.token as string;
      const ticket = (await api('POST', '/tickets', { token, body: { subject: `Crash ${i}`, description: 'mid-chat', category: 'general' } })).body;
      const participant = connect(`customer ${i}`, token);
      await participant.client.join(ticket.id);
      customers.push({ participant, ticketId: ticket.id });
    }
    expect(balancer.connectionsTo(a.port)).toBeGreaterThanOrEqual(CUSTOMERS);
    balancer.setBackends([backend(b)]);
    const admin = connect('admin (on B)', adminToken);
    for (const { ticketId } of customers) await admin.client.join(ticketId);
    // From now on new connections may go to either, as behind any load balancer.
    balancer.setBackends([backend(a), backend(b)]);

    const sent = await chatWhile(admin, async () => {
      a.child.kill('SIGKILL');
      expect(await a.exited).toMatchObject({ signal: 'SIGKILL' });
      // Its customers notice, and reconnect through the same address: necessarily to B.
      await waitFor(() => customers.every(({ participant }) => participant.statuses.includes('disconnected')), {
        describe: () => 'every customer to notice the crash',
      });
      await waitFor(() => customers.every(({ participant }) => participant.client.connected), {
        describe: () => `every customer to reconnect (${customers.filter((c) => !c.participant.client.connected).length} not yet)`,
      });
      expect(balancer.connectionsTo(b.port)).toBeGreaterThanOrEqual(CUSTOMERS + 1);
    });

    const rows = await storedMessages();
    expectStoredOnce(rows, sent);
    expect(rows).toHaveLength(sent.length);
    // Every message reaches everyone who follows its ticket, once: its customer (who reconnected
    // to B and caught up) and the admin (who stayed on B).
    const expected = new Map<Participant, string[]>(customers.map(({ participant, ticketId }) => [participant, rows.filter((r) => r.ticketId === ticketId).map((r) => r.id)]));
    expected.set(admin, rows.map((r) => r.id));
    await expectHeardOnce(expected, rows);
    expect(b.alive).toBe(true);
    admin.client.close();
  });

  it('SIGTERM (a rolling upgrade): the instance drains, its clients reconnect to the other; nothing is lost or doubled', { timeout: 180_000 }, async () => {
    const b = instances.find((i) => i.name === 'b' && i.alive);
    expect(b, 'the first test leaves B running, with every customer on it').toBeDefined();
    const c = await launch('c');
    await c.waitUntilReady();
    balancer.setBackends([backend(c)]);
    const admin = connect('admin (on C)', adminToken);
    for (const { ticketId } of customers) await admin.client.join(ticketId);
    balancer.setBackends([backend(b!), backend(c)]);

    const sent = await chatWhile(admin, async () => {
      b!.child.kill('SIGTERM');
      expect(await withTimeout(b!.exited, 30_000, 'B to stop on SIGTERM')).toEqual({ code: 0, signal: null });
      expect(b!.output()).toContain('SIGTERM received');
      await waitFor(() => customers.every(({ participant }) => participant.client.connected), {
        describe: () => `every customer to reconnect (${customers.filter((c) => !c.participant.client.connected).length} not yet)`,
      });
      expect(balancer.connectionsTo(c.port)).toBeGreaterThanOrEqual(CUSTOMERS + 1);
    });

    const rows = await storedMessages();
    expectStoredOnce(rows, sent);
    const expected = new Map<Participant, string[]>(customers.map(({ participant, ticketId }) => [participant, rows.filter((r) => r.ticketId === ticketId).map((r) => r.id)]));
    expected.set(admin, sent.map((m) => m.id));
    await expectHeardOnce(expected, rows);
    expect(c.alive).toBe(true);
  });
});

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms))),
  ]).finally(() => clearTimeout(timer));
}
