// Whole Deskline instances as child processes (`node --import tsx backend/src/index.ts`), for the
// fault tests and the cluster benchmark, which kill, starve and measure real processes; and
// throwaway PostgreSQL databases for them.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const OUTPUT_LIMIT = 64 * 1024;

export const INSTANCE_ADMIN = { email: 'admin@deskline.test', password: 'admin-password' };
export const INSTANCE_JWT_SECRET = 'cluster-secret-'.padEnd(48, 'x');

export interface InstanceProcess {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  readonly child: ChildProcess;
  /** The last 64 KB of its stdout and stderr, interleaved. */
  output(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly alive: boolean;
  /** Resolves once /api/health/ready answers 200; fails if the process exits first. */
  waitUntilReady(timeoutMs?: number): Promise<void>;
  /** Resident memory of the process, in MB (Linux). */
  rssMb(): number | undefined;
  /** Stops it (SIGTERM, then SIGKILL after `graceMs`) and removes its data directory. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();
// Never leave instances behind, whatever ends this process.
process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));

/** Ports handed out by this process: the OS may offer a just-probed port again to the next probe. */
const handedOut = new Set<number>();

export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', reject);
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

/**
 * Starts one instance in production mode with a known admin and JWT secret (shared by every
 * instance of a test, so a token works on all), fast bcrypt and no rate limits in the way.
 */
export async function launchInstance(name: string, env: Record<string, string>): Promise<InstanceProcess> {
  const port = await freePort();
  const dataDir = env.DATA_DIR ?? mkdtempSync(path.join(tmpdir(), `deskline-${name}-`));
  const child = spawn(process.execPath, ['--import', 'tsx', 'backend/src/index.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      TMPDIR: tmpdir(),
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      JWT_SECRET: INSTANCE_JWT_SECRET,
      ADMIN_EMAIL: INSTANCE_ADMIN.email,
      ADMIN_PASSWORD: INSTANCE_ADMIN.password,
      BCRYPT_ROUNDS: '4',
      RATE_LIMIT_LOGIN: '1000000',
      RATE_LIMIT_REGISTER: '1000000',
      RATE_LIMIT_WIDGET_SESSION: '1000000',
      // The benchmarks send hundreds of messages a second from one address: generous through config.
      RATE_LIMIT_MESSAGES_PER_USER: '1000000',
      RATE_LIMIT_MESSAGES_PER_ADDRESS: '1000000',
      RATE_LIMIT_COMMENTS_PER_USER: '1000000',
      RATE_LIMIT_COMMENTS_PER_ADDRESS: '1000000',
      RATE_LIMIT_TICKETS_PER_USER: '1000000',
      RATE_LIMIT_TICKETS_PER_ADDRESS: '1000000',
      RATE_LIMIT_UPLOAD_MB_PER_USER: '100000',
      RATE_LIMIT_UPLOAD_MB_PER_ADDRESS: '100000',
      CUSTOMER_STORAGE_QUOTA_MB: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const collect = (chunk: string) => {
    output += chunk;
    if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT);
  };
  child.stdout!.setEncoding('utf8').on('data', collect);
  child.stderr!.setEncoding('utf8').on('data', collect);
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      exit = { code, signal };
      resolve(exit);
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  return {
    name,
    port,
    url,
    child,
    output: () => output,
    exited,
    get alive() {
      return !exit;
    },
    async waitUntilReady(timeoutMs = 90_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (exit) throw new Error(`instance ${name} exited (${exit.code ?? exit.signal}) before it was ready:\n${output}`);
        try {
          const response = await fetch(`${url}/api/health/ready`, { signal: AbortSignal.timeout(2_000) });
          if (response.status === 200) return;
        } catch {
          // not listening yet
        }
        await sleep(200);
      }
      throw new Error(`instance ${name} was not ready within ${timeoutMs} ms:\n${output}`);
    },
    rssMb() {
      try {
        const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
        return Number.isFinite(kb) ? kb / 1024 : undefined;
      } catch {
        return undefined;
      }
    },
    async stop(graceMs = 10_000) {
      if (!exit) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      if (!env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A database of its own on the PostgreSQL of `baseUrl`, dropped (even with connections open) by `drop`. */
export async function createDatabase(baseUrl: string, prefix = 'deskline_test'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE "${name}"`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` until it returns a truthy value, or fails after `timeoutMs` with `describe()`. */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  { timeoutMs = 30_000, intervalMs = 100, describe = () => 'condition' }: { timeoutMs?: number; intervalMs?: number; describe?: () => string } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${describe()}`);
    await sleep(intervalMs);
  }
}
