// Cluster chat benchmark: two real Deskline instances in their own processes on one PostgreSQL (a
// fresh database, dropped afterwards) and one Redis, N customers on instance A and M admins on
// instance B over real sockets, messages at a target rate. Every message crosses Redis: a
// customer's is stored by A and heard by the admins on B, an admin's reply is stored by B and
// heard by its customer on A. Prints the same figures as bench:chat: sockets held, stored and
// delivered messages/s, end-to-end latency (send → every recipient), lost and duplicated
// deliveries, and each instance's RSS.
//
//   npm run bench:cluster -- --customers 2000 --admins 10 --rate 500 --duration 20
//   npm run bench:cluster -- --find-max          (raises the rate until p99 or losses give out)
//
// PostgreSQL: DATABASE_URL, else TEST_DATABASE_URL (a server where a database may be created).
// Redis: REDIS_URL, else TEST_REDIS_URL, else redis://127.0.0.1:6379.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { createDatabase, INSTANCE_ADMIN, launchInstance, sleep, type InstanceProcess } from '../src/test/instances.js';

const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '2000' },
    admins: { type: 'string', default: '10' },
    rate: { type: 'string', default: '500' },
    duration: { type: 'string', default: '20' },
    'find-max': { type: 'boolean', default: false },
    'max-p99': { type: 'string', default: '50' },
  },
});

const CUSTOMERS = Number(args.customers);
const ADMINS = Number(args.admins);
const databaseBase = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const redisUrl = process.env.REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Participant {
  socket: Socket;
  token: string;
  ticketId?: string;
  /** clientId → times this participant received it. */
  received: Map<string, number>;
}

interface Pending {
  sentAt: number;
  stored: boolean;
  expected: Participant[];
  latencies: number[];
}

async function startCluster() {
  if (!databaseBase) throw new Error('Set DATABASE_URL or TEST_DATABASE_URL to a PostgreSQL server where the benchmark may create a database.');
  const database = await createDatabase(databaseBase, 'deskline_bench');
  const env = { DATABASE_URL: database.url, REDIS_URL: redisUrl, REDIS_PREFIX: `deskline-bench-${randomUUID().slice(0, 8)}` };
  const instances: InstanceProcess[] = [];
  const cleanup = async () => {
    await Promise.all(instances.map((i) => i.stop(5_000)));
    await database.drop().catch((error) => console.error(`Could not drop the benchmark database: ${(error as Error).message}`));
  };
  try {
    instances.push(await launchInstance('bench-a', env), await launchInstance('bench-b', env));
    await Promise.all(instances.map((i) => i.waitUntilReady(120_000)));
  } catch (error) {
    await cleanup();
    throw error;
  }
  const [a, b] = instances as [InstanceProcess, InstanceProcess];
  return { a, b, cleanup };
}

async function api<T>(url: string, method: string, route: string, token: string | undefined, body?: unknown): Promise<T> {
  const res = await fetch(`${url}/api${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? (undefined as T) : ((await res.json()) as T);
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

function connectSocket(url: string, token: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function setUp(a: string, b: string) {
  const { token: adminToken } = await api<{ token: string }>(a, 'POST', '/auth/login', undefined, INSTANCE_ADMIN);
  const pending = new Map<string, Pending>();
  const track = (p: Participant) =>
    p.socket.on('message:new', (m: { clientId: string | null }) => {
      if (!m.clientId) return;
      p.received.set(m.clientId, (p.received.get(m.clientId) ?? 0) + 1);
      const entry = pending.get(m.clientId);
      if (entry && p.received.get(m.clientId) === 1) entry.latencies.push(performance.now() - entry.sentAt);
    });

  process.stdout.write(`Setting up ${CUSTOMERS} customers on A (account, ticket, socket) and ${ADMINS} admins on B… `);
  const started = performance.now();
  const run = randomUUID().slice(0, 8);
  const customers = await pool(Array.from({ length: CUSTOMERS }), 32, async (_, i) => {
    const email = `c${i}-${run}@bench.test`;
    await api(a, 'POST', '/users', adminToken, { name: `Customer ${i}`, email, password: 'password123', role: 'CUSTOMER' });
    const { token } = await api<{ token: string }>(a, 'POST', '/auth/login', undefined, { email, password: 'password123' });
    const ticket = await api<{ id: string }>(a, 'POST', '/tickets', token, { subject: `Bench ${i}`, description: 'load', category: 'general' });
    const socket = await connectSocket(a, token);
    const p: Participant = { socket, token, ticketId: ticket.id, received: new Map() };
    track(p);
    await socket.emitWithAck('ticket:join', ticket.id);
    return p;
  });
  const admins = await pool(Array.from({ length: ADMINS }), 8, async (_, i) => {
    const email = `a${i}-${run}@bench.test`;
    await api(b, 'POST', '/users', adminToken, { name: `Admin ${i}`, email, password: 'password123', role: 'ADMIN' });
    const { token } = await api<{ token: string }>(b, 'POST', '/auth/login', undefined, { email, password: 'password123' });
    const p: Participant = { socket: await connectSocket(b, token), token, received: new Map() };
    track(p);
    return p;
  });
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { customers, admins, pending };
}

interface RoundResult {
  rate: number;
  /** send → ack (stored) */
  ackP50: number;
  ackP99: number;
  stored: number;
  storedPerSec: number;
  deliveredPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  lost: number;
  duplicated: number;
  failed: number;
  firstError?: string;
}

async function round(env: Awaited<ReturnType<typeof setUp>>, rate: number, seconds: number): Promise<RoundResult> {
  const { customers, admins, pending } = env;
  pending.clear();
  const everyone = [...customers, ...admins];
  everyone.forEach((p) => p.received.clear());
  let stored = 0;
  let failed = 0;
  let firstError: string | undefined;
  const ackLatencies: number[] = [];
  const acks: Promise<void>[] = [];
  const total = Math.round(rate * seconds);
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    // Open-loop: message i is due at i / rate seconds, whatever happened to the previous ones.
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const customer = customers[i % customers.length]!;
    // Every other message is an admin's reply (sent to B), so both directions cross Redis.
    const sender = i % 2 === 0 ? customer : admins[i % admins.length]!;
    const clientId = `${i}-${randomUUID()}`;
    // Recipients: the ticket's customer (on A) and every admin (on B), the sender's own echo included.
    const sentAt = performance.now();
    const entry: Pending = { sentAt, stored: false, expected: [customer, ...admins], latencies: [] };
    pending.set(clientId, entry);
    acks.push(
      sender.socket.timeout(30_000).emitWithAck('message:send', { ticketId: customer.ticketId, body: `message ${i}`, clientId }).then(
        (ack: { ok: boolean; error?: { code: string } }) => {
          ackLatencies.push(performance.now() - sentAt);
          if (ack.ok) {
            stored++;
            entry.stored = true;
          } else {
            failed++;
            firstError ??= ack.error?.code;
          }
        },
        () => {
          failed++;
          firstError ??= 'ACK_TIMEOUT';
        },
      ),
    );
  }
  await Promise.all(acks);
  const sendSeconds = (performance.now() - started) / 1000;
  // Drain: wait until every expected delivery arrived, or 5 s of silence.
  // Only stored messages are owed to anyone; a refused send is counted as failed, not lost.
  for (const [clientId, entry] of pending) if (!entry.stored) pending.delete(clientId);
  const expectedDeliveries = [...pending.values()].reduce((n, p) => n + p.expected.length, 0);
  const deliveredCount = () => [...pending.values()].reduce((n, p) => n + p.latencies.length, 0);
  for (let last = -1, quiet = 0; deliveredCount() < expectedDeliveries && quiet < 50; ) {
    await sleep(100);
    const now = deliveredCount();
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
  const elapsed = (performance.now() - started) / 1000;
  let lost = 0;
  let duplicated = 0;
  const latencies: number[] = [];
  for (const [clientId, entry] of pending) {
    latencies.push(...entry.latencies);
    for (const p of entry.expected) {
      const n = p.received.get(clientId) ?? 0;
      if (n === 0) lost++;
      if (n > 1) duplicated += n - 1;
    }
  }
  latencies.sort((x, y) => x - y);
  ackLatencies.sort((x, y) => x - y);
  return {
    ackP50: percentile(ackLatencies, 50),
    ackP99: percentile(ackLatencies, 99),
    rate,
    stored,
    storedPerSec: stored / sendSeconds,
    deliveredPerSec: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    lost,
    duplicated,
    failed,
    firstError,
  };
}

function report(r: RoundResult) {
  console.log(
    `  target ${r.rate} msg/s → stored ${r.storedPerSec.toFixed(0)} msg/s (${r.stored} ok, ${r.failed} failed${r.firstError ? `, first: ${r.firstError}` : ''}), ` +
      `delivered ${r.deliveredPerSec.toFixed(0)}/s, latency p50 ${r.p50.toFixed(1)} ms p95 ${r.p95.toFixed(1)} ms p99 ${r.p99.toFixed(1)} ms, ` +
      `lost ${r.lost}, duplicated ${r.duplicated} (stored ack p50 ${r.ackP50.toFixed(1)} ms, p99 ${r.ackP99.toFixed(1)} ms)`,
  );
}

const mb = (instance: InstanceProcess) => {
  const rss = instance.rssMb();
  return rss === undefined ? 'n/a' : `${rss.toFixed(0)} MB`;
};

async function main() {
  const cluster = await startCluster();
  const stop = () => void cluster.cleanup().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  console.log(
    `Deskline cluster chat benchmark: 2 instances on PostgreSQL + Redis, A ${cluster.a.url}, B ${cluster.b.url} ` +
      `(load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, ${os.cpus().length} CPUs)`,
  );
  try {
    const env = await setUp(cluster.a.url, cluster.b.url);
    console.log(`Sockets held: ${env.customers.length + env.admins.length} (${env.customers.length} customers on A, ${env.admins.length} admins on B)`);
    const seconds = Number(args.duration);
    if (!args['find-max']) {
      report(await round(env, Number(args.rate), seconds));
    } else {
      const maxP99 = Number(args['max-p99']);
      let best: RoundResult | undefined;
      for (let rate = Number(args.rate); ; rate = Math.round(rate * 1.5)) {
        const r = await round(env, rate, Math.min(seconds, 10));
        report(r);
        const sustained = r.lost === 0 && r.duplicated === 0 && r.failed === 0 && r.storedPerSec >= rate * 0.95;
        if (!sustained) break;
        best = r;
        if (r.p99 > maxP99) break;
      }
      console.log(best ? `Highest sustained rate: ${best.storedPerSec.toFixed(0)} msg/s stored (p99 ${best.p99.toFixed(1)} ms)` : 'No rate was sustained');
    }
    console.log(`Instance RSS: A ${mb(cluster.a)}, B ${mb(cluster.b)} (load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})`);
    [...env.customers, ...env.admins].forEach((p) => p.socket.disconnect());
  } finally {
    await cluster.cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
