// `npm start` (scripts/start.mjs) on a fresh copy of the repository, under every NODE_ENV a user may
// have: it builds what is missing and serves the API, the widget and the console.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres } from './test/harness.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The first start builds the server, the widget and the console on a loaded machine. */
const FIRST_START_TIMEOUT = 15 * 60_000;
const LATER_START_TIMEOUT = 5 * 60_000;

/** What a checkout holds, without build outputs; dependencies are linked, not copied. */
const SOURCES = ['package.json', 'package-lock.json', 'tsconfig.base.json', 'prisma', 'prisma.config.ts', 'scripts', 'contract', 'backend', 'widget', 'admin'];
const NOT_SOURCES = new Set(['node_modules', 'dist', '.next', 'out', 'test-results', 'data', 'coverage', '.deskline-build.json']);

let checkout: string;
const running = new Set<ChildProcess>();

beforeAll(() => {
  checkout = mkdtempSync(path.join(tmpdir(), 'deskline-start-'));
  for (const entry of SOURCES) {
    if (!existsSync(path.join(ROOT, entry))) continue;
    // Timestamps kept, so the generated Prisma client is not older than its schema.
    cpSync(path.join(ROOT, entry), path.join(checkout, entry), {
      recursive: true,
      preserveTimestamps: true,
      filter: (source) => !NOT_SOURCES.has(path.basename(source)),
    });
  }
  for (const modules of ['node_modules', 'contract/node_modules', 'backend/node_modules', 'widget/node_modules', 'admin/node_modules']) {
    if (existsSync(path.join(ROOT, modules))) symlinkSync(path.join(ROOT, modules), path.join(checkout, modules), 'dir');
  }
});

afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
  if (checkout) rmSync(checkout, { recursive: true, force: true });
});

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

/** Runs `node scripts/start.mjs` in the copy until /api/health answers, checks the front-ends, stops it. */
async function startAndCheck(nodeEnv: string | undefined, timeout: number) {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'deskline-start-data-'));
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: checkout,
    // Only what a user's shell would have: nothing leaks in from the test runner (vitest sets NODE_ENV=test).
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      TMPDIR: tmpdir(),
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      BCRYPT_ROUNDS: '4',
      NEXT_TELEMETRY_DISABLED: '1',
      ...(nodeEnv ? { NODE_ENV: nodeEnv } : {}),
      ...(nodeEnv === 'production' ? { JWT_SECRET: 'start-test-secret-'.padEnd(48, 'x'), ADMIN_EMAIL: 'root@deskline.test', ADMIN_PASSWORD: 'root-password-1' } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  let exit: string | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      exit = String(code ?? signal);
      resolve(code);
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + timeout;
    let healthy = false;
    while (!healthy) {
      if (exit !== undefined) throw new Error(`npm start (NODE_ENV=${nodeEnv}) exited (${exit}) before it was healthy:\n${output}`);
      if (Date.now() > deadline) throw new Error(`npm start (NODE_ENV=${nodeEnv}) was not healthy within ${timeout} ms:\n${output}`);
      healthy = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) }).then(
        (res) => res.status === 200,
        () => false,
      );
      if (!healthy) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const loader = await fetch(`${url}/widget.js`);
    expect(loader.status, output).toBe(200);
    expect(await loader.text()).toContain('Deskline');
    const page = await fetch(`${url}/admin`);
    expect(page.status, output).toBe(200);
    expect(await page.text()).toContain('<html');
    // The builds wrote precompressed variants, which the server sends (fetch decodes them).
    for (const built of ['/widget.js', '/admin']) {
      const res = await fetch(`${url}${built}`, { headers: { 'accept-encoding': 'br' } });
      expect(res.headers.get('content-encoding'), built).toBe('br');
      await res.arrayBuffer();
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Forces the next start to build the widget again, under that start's NODE_ENV. */
const forgetWidgetBuild = () => rmSync(path.join(checkout, 'widget/dist'), { recursive: true, force: true });

// Builds and processes only, no database of the suite's: once is enough.
describe.skipIf(onPostgres)('npm start under every NODE_ENV', () => {
  // First, and on a fresh copy: development builds the server, the widget and the console.
  it('starts with NODE_ENV=development (the default in the README)', { timeout: FIRST_START_TIMEOUT + 60_000 }, async () => {
    await startAndCheck('development', FIRST_START_TIMEOUT);
  });

  it.each([['unset', undefined], ['test', 'test'], ['production', 'production']])(
    'starts with NODE_ENV %s, building the widget again under it',
    { timeout: LATER_START_TIMEOUT + 60_000 },
    async (_label, nodeEnv) => {
      forgetWidgetBuild();
      await startAndCheck(nodeEnv, LATER_START_TIMEOUT);
    },
  );
});
