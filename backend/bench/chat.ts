// Chat benchmark: one real Deskline server in its own process (PGlite, or PostgreSQL with
// DATABASE_URL), N customers and M admins on real sockets over loopback, messages at a target
// rate. Prints sockets held, stored and delivered messages/s, end-to-end latency (send → every
// recipient), lost and duplicated deliveries, and the server's RSS.
//
//   npm run bench:chat -- --customers 2000 --admins 10 --rate 500 --duration 20
//   npm run bench:chat -- --find-max            (raises the rate until p99 or losses give out)
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';

const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '2000' },
    admins: { type: 'string', default: '10' },
    rate: { type: 'string', default: '500' },
    duration: { type: 'string', default: '20' },
    'find-max': { type: 'boolean', default: false },
    'max-p99': { type: 'string', default: '50' },
    url: { type: 'string' },
  },
});

const CUSTOMERS = Number(args.customers);
const ADMINS = Number(args.admins);
const ADMIN = { email: 'bench-admin@deskline.test', password: 'bench-password' };
const backendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function startServer(): Promise<{ url: string; child?: ChildProcess; cleanup(): void }> {
  if (args.url) return { url: args.url, cleanup() {} };
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'deskline-bench-'));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(backendDir, 'src/index.ts')], {
    cwd: backendDir,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      JWT_SECRET: 'bench-secret-'.padEnd(48, 'x'),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      BCRYPT_ROUNDS: '4',
      RATE_LIMIT_LOGIN: '1000000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  return {
    url,
    child,
    cleanup() {
      child.kill('SIGTERM');
      setTimeout(() => rmSync(dataDir, { recursive: true, force: true }), 1000).unref();
    },
  };
}

function rssMb(pid: number | undefined): string {
  if (!pid) return 'n/a';
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return `${(kb / 1024).toFixed(0)} MB`;
  } catch {
    return 'n/a';
  }
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

async function setUp(url: string) {
  const { token: adminToken } = await api<{ token: string }>(url, 'POST', '/auth/login', undefined, ADMIN);
  const pending = new Map<string, Pending>();
  const track = (p: Participant) =>
    p.socket.on('message:new', (m: { clientId: string | null }) => {
      if (!m.clientId) return;
      p.received.set(m.clientId, (p.received.get(m.clientId) ?? 0) + 1);
      const entry = pending.get(m.clientId);
      if (entry && p.received.get(m.clientId) === 1) entry.latencies.push(performance.now() - entry.sentAt);
    });

  process.stdout.write(`Setting up ${CUSTOMERS} customers (account, ticket, socket) and ${ADMINS} admins… `);
  const started = performance.now();
  const run = randomUUID().slice(0, 8);
  const customers = await pool(Array.from({ length: CUSTOMERS }), 32, async (_, i) => {
    const email = `c${i}-${run}@bench.test`;
    await api(url, 'POST', '/users', adminToken, { name: `Customer ${i}`, email, password: 'password123', role: 'CUSTOMER' });
    const { token } = await api<{ token: string }>(url, 'POST', '/auth/login', undefined, { email, password: 'password123' });
    const ticket = await api<{ id: string }>(url, 'POST', '/tickets', token, { subject: `Bench ${i}`, description: 'load', category: 'general' });
    const socket = await connectSocket(url, token);
    const p: Participant = { socket, token, ticketId: ticket.id, received: new Map() };
    track(p);
    await socket.emitWithAck('ticket:join', ticket.id);
    return p;
  });
  const admins = await pool(Array.from({ length: ADMINS }), 8, async (_, i) => {
    const email = `a${i}-${run}@bench.test`;
    await api(url, 'POST', '/users', adminToken, { name: `Admin ${i}`, email, password: 'password123', role: 'ADMIN' });
    const { token } = await api<{ token: string }>(url, 'POST', '/auth/login', undefined, { email, password: 'password123' });
    const p: Participant = { socket: await connectSocket(url, token), token, received: new Map() };
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
    // Every other message is an admin's reply, so both directions are measured.
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
  latencies.sort((a, b) => a - b);
  ackLatencies.sort((a, b) => a - b);
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
    `  target ${r.rate} msg/s → stored ${r.storedPerSec.toFixed(0)} msg/s (${r.stored} ok, ${r.failed} failed), ` +
      `delivered ${r.deliveredPerSec.toFixed(0)}/s, latency p50 ${r.p50.toFixed(1)} ms p95 ${r.p95.toFixed(1)} ms p99 ${r.p99.toFixed(1)} ms, ` +
      `lost ${r.lost}, duplicated ${r.duplicated} (stored ack p50 ${r.ackP50.toFixed(1)} ms, p99 ${r.ackP99.toFixed(1)} ms)`,
  );
}

async function main() {
  const server = await startServer();
  const database = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite (embedded)';
  console.log(`Deskline chat benchmark on ${database}, server ${server.url}`);
  try {
    const env = await setUp(server.url);
    console.log(`Sockets held: ${env.customers.length + env.admins.length} (${env.customers.length} customers, ${env.admins.length} admins)`);
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
    console.log(`Server RSS: ${rssMb(server.child?.pid)}`);
    [...env.customers, ...env.admins].forEach((p) => p.socket.disconnect());
  } finally {
    server.cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
