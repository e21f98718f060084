// The real entry point (`src/index.ts`) as a child process: first run, restart on the same data, refusal.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, onPostgres } from './test/harness.js';
import { createDatabase } from './test/instances.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const START_TIMEOUT = 60_000;
const FIRST_RUN_BANNER = 'First run: an admin account was created';

interface Instance {
  child: ChildProcess;
  url: string;
  /** stdout and stderr so far, interleaved. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();

/** Starts `backend/src/index.ts` with only the environment given (nothing leaks in from this process). */
async function launch(env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'backend/src/index.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      TMPDIR: tmpdir(),
      HOST: '127.0.0.1',
      PORT: String(port),
      BCRYPT_ROUNDS: '4',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  return { child, url: `http://127.0.0.1:${port}`, output: () => output, exited };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Polls /api/health until it answers, failing fast if the process exits first. */
async function waitUntilHealthy(instance: Instance): Promise<Response> {
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void instance.exited.then((e) => (exit = e));
  const deadline = Date.now() + START_TIMEOUT;
  while (Date.now() < deadline) {
    if (exit) throw new Error(`the server exited (${exit.code ?? exit.signal}) before it was healthy:\n${instance.output()}`);
    try {
      const response = await fetch(`${instance.url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return response;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the server was not healthy within ${START_TIMEOUT} ms:\n${instance.output()}`);
}

async function stop(instance: Instance) {
  instance.child.kill('SIGTERM');
  return withTimeout(instance.exited, 20_000, () => `the server did not stop on SIGTERM:\n${instance.output()}`);
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message())), ms))),
  ]).finally(() => clearTimeout(timer));
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'deskline-server-'));
let database: { url: string; drop(): Promise<void> } | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  // On the postgres project the entry point runs on a database of its own through DATABASE_URL.
  database = onPostgres ? await createDatabase(process.env.TEST_DATABASE_URL!, 'deskline_server') : undefined;
  // Development defaults on purpose: no JWT_SECRET (one is kept in DATA_DIR), no ADMIN_EMAIL.
  env = { NODE_ENV: 'development', DATA_DIR: dataDir, ...(database ? { DATABASE_URL: database.url } : {}) };
});

afterAll(async () => {
  for (const child of running) child.kill('SIGKILL');
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the server entry point', () => {
  const customer = { name: 'Restart Rita', email: 'rita@example.com', password: 'survives-restarts' };
  let admin: { email: string; password: string };
  let customerToken: string;

  it('starts on an empty DATA_DIR, prints first-run admin credentials once, and serves requests', { timeout: 90_000 }, async () => {
    const instance = await launch(env);
    let stopped: Awaited<ReturnType<typeof stop>>;
    try {
      const health = await waitUntilHealthy(instance);
      expect(await health.json()).toEqual({ ok: true, db: 'up' });
      expect(instance.output()).toContain(FIRST_RUN_BANNER);
      const printed = /email:\s+(\S+)\s+│\s*\n\s*│\s+password:\s+(\S+)\s+│/.exec(instance.output());
      expect(printed, instance.output()).not.toBeNull();
      admin = { email: printed![1]!, password: printed![2]! };

      const api = createApi(instance.url);
      const signedIn = await api('POST', '/auth/login', { body: admin });
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.user.role).toBe('ADMIN');

      const registered = await api('POST', '/auth/register', { body: customer });
      expect(registered.status).toBe(201);
      customerToken = registered.body.token;
    } finally {
      stopped = await stop(instance);
    }
    expect(stopped.code, instance.output()).toBe(0);
    expect(instance.output()).toContain('SIGTERM received');
    // The embedded database's lock is released on a clean stop, so the next start is not refused.
    expect(existsSync(path.join(dataDir, 'server.pid'))).toBe(false);
  });

  it('keeps accounts and sign-ins across a restart, and prints no new admin credentials', { timeout: 90_000 }, async () => {
    expect(customerToken, 'the first start must have succeeded').toBeDefined();
    const instance = await launch(env);
    let stopped: Awaited<ReturnType<typeof stop>>;
    try {
      await waitUntilHealthy(instance);
      const api = createApi(instance.url);
      const login = await api('POST', '/auth/login', { body: { email: customer.email, password: customer.password } });
      expect(login.status).toBe(200);
      expect(login.body.user).toMatchObject({ name: customer.name, email: customer.email, role: 'CUSTOMER' });
      // The development JWT secret was kept in DATA_DIR, so a token from before the restart still works.
      expect((await api('GET', '/auth/me', { token: customerToken })).status).toBe(200);
      expect((await api('POST', '/auth/login', { body: admin })).status).toBe(200);
      expect(instance.output()).not.toContain(FIRST_RUN_BANNER);
      expect(instance.output()).not.toContain('Applying migration');
    } finally {
      stopped = await stop(instance);
    }
    expect(stopped.code, instance.output()).toBe(0);
  });

  it('refuses to start in production without JWT_SECRET, naming it', { timeout: 60_000 }, async () => {
    const emptyDir = mkdtempSync(path.join(tmpdir(), 'deskline-server-prod-'));
    try {
      const instance = await launch({ NODE_ENV: 'production', DATA_DIR: emptyDir });
      const { code } = await withTimeout(instance.exited, 45_000, () => `still running:\n${instance.output()}`);
      expect(code).not.toBe(0);
      expect(instance.output()).toMatch(/JWT_SECRET/);
      expect(instance.output()).not.toContain('Deskline is running');
    } finally {
      rmSync(emptyDir, { recursive: true, force: true });
    }
  });
});
