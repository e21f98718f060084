// Starts the real Deskline server (PGlite in a temporary DATA_DIR), creates a site whose allowed
// origins are the example hosts, and starts examples/html, examples/react and a test host site.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHostServer } from './host-server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const ADMIN = { email: 'admin@e2e.test', password: 'admin-password-e2e' };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitFor(url: string, child: ChildProcess, what: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not answer ${url} within ${timeoutMs} ms`);
}

function start(what: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  child.on('exit', (code, signal) => {
    if (code && !signal) console.error(`${what} exited with code ${code}:\n${output.slice(-4000)}`);
  });
  return child;
}

export default async function globalSetup() {
  const children: ChildProcess[] = [];
  try {
    return await startAll(children);
  } catch (error) {
    children.forEach((child) => child.kill('SIGKILL'));
    throw error;
  }
}

async function startAll(children: ChildProcess[]) {
  const [apiPort, htmlPort, reactPort, hostPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'deskline-e2e-'));
  const deskline = `http://127.0.0.1:${apiPort}`;

  const server = start('Deskline', ['--import', 'tsx', 'backend/src/index.ts'], {
    NODE_ENV: 'test',
    PORT: String(apiPort),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(36).toString('base64url'),
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
    PUBLIC_URL: deskline,
  });
  children.push(server);
  await waitFor(`${deskline}/api/health`, server, 'Deskline');

  const api = async (method: string, urlPath: string, body?: unknown, token?: string) => {
    const res = await fetch(`${deskline}/api${urlPath}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${urlPath} → ${res.status} ${await res.text()}`);
    return res.json();
  };
  const { token } = await api('POST', '/auth/login', ADMIN);
  const htmlUrl = `http://localhost:${htmlPort}`;
  const reactUrl = `http://localhost:${reactPort}`;
  const hostUrl = `http://localhost:${hostPort}`;
  const site = await api('POST', '/sites', { name: 'Example Shop', allowedOrigins: [htmlUrl, reactUrl, hostUrl] }, token);

  const exampleEnv = { DESKLINE_URL: deskline, SITE_KEY: site.siteKey, IDENTITY_SECRET: site.identitySecret, HOST: '127.0.0.1' };
  const html = start('examples/html', ['examples/html/server.mjs'], { ...exampleEnv, PORT: String(htmlPort) });
  const react = start('examples/react', ['examples/react/server.mjs'], { ...exampleEnv, PORT: String(reactPort) });
  children.push(html, react);
  const host = await startHostServer(hostPort, deskline);
  await Promise.all([waitFor(htmlUrl, html, 'examples/html'), waitFor(reactUrl, react, 'examples/react')]);

  Object.assign(process.env, {
    E2E_DESKLINE_URL: deskline,
    E2E_ADMIN_TOKEN: token,
    E2E_SITE_KEY: site.siteKey,
    E2E_IDENTITY_SECRET: site.identitySecret,
    E2E_HTML_URL: htmlUrl,
    E2E_REACT_URL: reactUrl,
    E2E_HOST_URL: hostUrl,
    E2E_REFUSED_HOST_URL: `http://127.0.0.1:${hostPort}`,
  });

  return async () => {
    await host.close();
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
          }),
      ),
    );
    rmSync(dataDir, { recursive: true, force: true });
  };
}
