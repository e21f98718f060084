// The load both chat benchmarks put on Deskline (bench:chat on one instance, bench:cluster on
// two): customers and admins on real sockets, messages at an open-loop target rate, and every
// delivery measured (send → each recipient), lost and duplicated ones counted.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function benchArgs() {
  return parseArgs({
    options: {
      customers: { type: 'string', default: '2000' },
      admins: { type: 'string', default: '10' },
      rate: { type: 'string', default: '500' },
      duration: { type: 'string', default: '20' },
      'find-max': { type: 'boolean', default: false },
      'max-p99': { type: 'string', default: '50' },
    },
  }).values;
}

export type BenchArgs = ReturnType<typeof benchArgs>;
export type LoadEnv = Awaited<ReturnType<typeof setUp>>;

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

export interface LoadOptions {
  /** Where the customers connect, and where the admins do (the same instance, or two). */
  customersUrl: string;
  adminsUrl: string;
  admin: { email: string; password: string };
  customers: number;
  admins: number;
}

/** Signs in with the password an admin gave, and changes it as the server requires before anything else. */
async function firstSignIn(url: string, email: string): Promise<string> {
  const { token } = await api<{ token: string }>(url, 'POST', '/auth/login', undefined, { email, password: 'password123' });
  await api(url, 'POST', '/auth/password', token, { currentPassword: 'password123', newPassword: 'password1234' });
  return token;
}

/** Creates the accounts, one ticket per customer, and connects every socket. */
export async function setUp(options: LoadOptions) {
  const { customersUrl, adminsUrl, customers: CUSTOMERS, admins: ADMINS } = options;
  const { token: adminToken } = await api<{ token: string }>(customersUrl, 'POST', '/auth/login', undefined, options.admin);
  const pending = new Map<string, Pending>();
  const track = (p: Participant) =>
    p.socket.on('message:new', (m: { clientId: string | null }) => {
      if (!m.clientId) return;
      p.received.set(m.clientId, (p.received.get(m.clientId) ?? 0) + 1);
      const entry = pending.get(m.clientId);
      if (entry && p.received.get(m.clientId) === 1) entry.latencies.push(performance.now() - entry.sentAt);
    });

  const where = customersUrl === adminsUrl ? '' : ' on A';
  process.stdout.write(`Setting up ${CUSTOMERS} customers${where} (account, ticket, socket) and ${ADMINS} admins${where ? ' on B' : ''}… `);
  const started = performance.now();
  const run = randomUUID().slice(0, 8);
  const customers = await pool(Array.from({ length: CUSTOMERS }), 32, async (_, i) => {
    const email = `c${i}-${run}@bench.test`;
    await api(customersUrl, 'POST', '/users', adminToken, { name: `Customer ${i}`, email, password: 'password123', role: 'CUSTOMER' });
    const token = await firstSignIn(customersUrl, email);
    const ticket = await api<{ id: string }>(customersUrl, 'POST', '/tickets', token, { subject: `Bench ${i}`, description: 'load', category: 'general' });
    const socket = await connectSocket(customersUrl, token);
    const p: Participant = { socket, token, ticketId: ticket.id, received: new Map() };
    track(p);
    await socket.emitWithAck('ticket:join', ticket.id);
    return p;
  });
  const admins = await pool(Array.from({ length: ADMINS }), 8, async (_, i) => {
    const email = `a${i}-${run}@bench.test`;
    await api(adminsUrl, 'POST', '/users', adminToken, { name: `Admin ${i}`, email, password: 'password123', role: 'ADMIN' });
    const token = await firstSignIn(adminsUrl, email);
    const p: Participant = { socket: await connectSocket(adminsUrl, token), token, received: new Map() };
    track(p);
    return p;
  });
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { customers, admins, pending };
}

export interface RoundResult {
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

export async function round(env: LoadEnv, rate: number, seconds: number): Promise<RoundResult> {
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
    // Every other message is an admin's reply, so both directions are measured (and, across two
    // instances, both directions cross Redis).
    const sender = i % 2 === 0 ? customer : admins[i % admins.length]!;
    const clientId = `${i}-${randomUUID()}`;
    // Recipients: the ticket's customer and every admin (the sender included: its own echo).
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

export function report(r: RoundResult) {
  console.log(
    `  target ${r.rate} msg/s → stored ${r.storedPerSec.toFixed(0)} msg/s (${r.stored} ok, ${r.failed} failed), ` +
      `delivered ${r.deliveredPerSec.toFixed(0)}/s, latency p50 ${r.p50.toFixed(1)} ms p95 ${r.p95.toFixed(1)} ms p99 ${r.p99.toFixed(1)} ms, ` +
      `lost ${r.lost}, duplicated ${r.duplicated} (stored ack p50 ${r.ackP50.toFixed(1)} ms, p99 ${r.ackP99.toFixed(1)} ms)`,
  );
}

/** One round at --rate, or with --find-max rounds at rising rates until one is no longer sustained. */
export async function runRounds(env: LoadEnv, args: BenchArgs): Promise<void> {
  const seconds = Number(args.duration);
  if (!args['find-max']) {
    report(await round(env, Number(args.rate), seconds));
    return;
  }
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

export function disconnectAll(env: LoadEnv): void {
  [...env.customers, ...env.admins].forEach((p) => p.socket.disconnect());
}
