// What the widget costs a host page over the wire: requests the loader and everything the widget
// loads from the real server, as a browser does (Accept-Encoding: br, gzip), counts the bytes that
// arrive, prints them, and fails when a budget is exceeded (the widget's test script runs it, so CI
// fails too). Run after `npm run build`. It starts a server on a temporary DATA_DIR, or measures
// a running one: DESKLINE_URL=http://localhost:3000 npm run size.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(ROOT, 'widget/dist');
const BUDGETS = { loader: 2 * 1024, total: 40 * 1024 };
const ACCEPT_ENCODING = 'br, gzip';
const START_TIMEOUT = 120_000;

if (!existsSync(path.join(dist, 'manifest.json'))) {
  console.error('widget/dist is missing: run "npm run build -w widget" first.');
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(path.join(dist, 'manifest.json'), 'utf8'));

/** The body's length as it came over the wire (node:http does not decode it), and its encoding. */
function transferred(url) {
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': ACCEPT_ENCODING } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk) => (bytes += chunk.length));
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`${url} answered ${res.statusCode}`));
        else resolve({ bytes, encoding: res.headers['content-encoding'] ?? 'identity' });
      });
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** The real server (backend/src/index.ts) on a free port and an empty DATA_DIR, until /api/health answers. */
async function startServer() {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'deskline-size-'));
  // Embedded database, one instance: nothing of the caller's deployment is touched.
  const { DATABASE_URL, REDIS_URL, ...serverEnv } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'backend/src/index.ts'], {
    cwd: ROOT,
    env: { ...serverEnv, NODE_ENV: 'development', HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT;
  while (Date.now() < deadline && child.exitCode === null) {
    const healthy = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok, () => false);
    if (healthy) return { url, stop };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`the server did not start:\n${output}`);
}

const server = process.env.DESKLINE_URL ? { url: process.env.DESKLINE_URL.replace(/\/+$/, ''), stop: async () => {} } : await startServer();
let files;
try {
  const measure = async (file, urlPath) => ({ file, raw: statSync(path.join(dist, file)).size, ...(await transferred(`${server.url}${urlPath}`)) });
  files = [await measure(manifest.loader, '/widget.js')];
  for (const file of manifest.app) files.push(await measure(file, `/widget/${file}`));
  // A visitor in a locale not built into the app also loads its table: the largest one counts.
  const locales = await Promise.all((manifest.locales ?? []).map((file) => measure(file, `/widget/${file}`)));
  if (locales.length) files.push(locales.reduce((a, b) => (b.bytes > a.bytes ? b : a)));
} finally {
  await server.stop();
}

const loader = files[0];
const total = files.reduce((sum, f) => sum + f.bytes, 0);
const kb = (n) => `${(n / 1024).toFixed(2)} KB`;

console.log(`Over the wire from ${process.env.DESKLINE_URL ? server.url : 'a fresh server'}, Accept-Encoding: ${ACCEPT_ENCODING}`);
console.log('file'.padEnd(24), 'minified'.padStart(10), 'sent'.padStart(10), ' encoding');
for (const f of files) console.log(f.file.padEnd(24), kb(f.raw).padStart(10), kb(f.bytes).padStart(10), ` ${f.encoding}`);
console.log('everything the widget loads'.padEnd(35), kb(total).padStart(10));
console.log(`budgets: loader ≤ ${kb(BUDGETS.loader)}, everything ≤ ${kb(BUDGETS.total)} (bytes sent)`);

const over = [
  loader.bytes > BUDGETS.loader && `the loader sends ${kb(loader.bytes)}, over its ${kb(BUDGETS.loader)} budget`,
  total > BUDGETS.total && `the widget sends ${kb(total)} in all, over its ${kb(BUDGETS.total)} budget`,
].filter(Boolean);
if (over.length) {
  over.forEach((line) => console.error(`Size budget exceeded: ${line}`));
  process.exit(1);
}
