// Starts the real Deskline server (the same entry as `npm start`) as a child process, on a free
// port with its own temporary DATA_DIR, and stops it again.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ADMIN = { email: 'root@deskline.test', password: 'root-password' };

export interface RunningServer {
  url: string;
  dataDir: string;
  stop(options?: { keepData?: boolean }): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startServer(options: { dataDir?: string; logName?: string } = {}): Promise<RunningServer> {
  if (!existsSync(path.join(ROOT, 'admin/out/index.html'))) {
    throw new Error('The console is not built: run `npm run build -w admin` first (`npm test -w admin` does).');
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'deskline-e2e-'));
  const logDir = path.join(ROOT, 'admin/test-results');
  mkdirSync(logDir, { recursive: true });
  const log = createWriteStream(path.join(logDir, `${options.logName ?? 'server'}.log`), { flags: 'a' });
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'backend/src/index.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      JWT_SECRET: 'e2e-secret-'.padEnd(48, 'x'),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      BCRYPT_ROUNDS: '4',
      RATE_LIMIT_LOGIN: '100000',
      RATE_LIMIT_REGISTER: '100000',
      RATE_LIMIT_WIDGET_SESSION: '100000',
      // Every browser test writes from 127.0.0.1: the per-address budgets would sum them all, and
      // the inbox's paging test opens more tickets for one customer than a person would in an hour.
      RATE_LIMIT_TICKETS_PER_USER: '100000',
      RATE_LIMIT_TICKETS_PER_ADDRESS: '100000',
      RATE_LIMIT_MESSAGES_PER_ADDRESS: '100000',
      RATE_LIMIT_COMMENTS_PER_ADDRESS: '100000',
      RATE_LIMIT_UPLOAD_MB_PER_ADDRESS: '100000',
      PUBLIC_URL: url,
      DATABASE_URL: '',
      REDIS_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  const deadline = Date.now() + 60_000;
  for (;;) {
    const code = await Promise.race([exited, new Promise<'wait'>((r) => setTimeout(() => r('wait'), 250))]);
    if (code !== 'wait') throw new Error(`The server exited (${code}) during start-up; see admin/test-results/${options.logName ?? 'server'}.log`);
    try {
      const health = await fetch(`${url}/api/health`);
      if (health.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('The server did not become healthy within 60 s');
    }
  }

  return {
    url,
    dataDir,
    async stop({ keepData = false } = {}) {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      log.end();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
