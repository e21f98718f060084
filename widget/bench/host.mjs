// bench:host — what the widget costs the page that embeds it. Starts a Deskline server (embedded
// PGlite in a temporary folder, serving this workspace's dist/) and a host page on another origin,
// runs Lighthouse (mobile, simulated throttling) on the page without and with the snippet, alternately,
// and prints the medians and their differences: bytes transferred, total blocking time, score.
// Usage: npm run bench:host [-- --runs 5]   (build first: npm run build -w widget)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const CHROME = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ADMIN = { email: 'bench@deskline.test', password: 'bench-password-host' };

if (!existsSync(path.join(ROOT, 'widget/dist/manifest.json'))) {
  console.error('widget/dist is missing: run "npm run build -w widget" first.');
  process.exit(1);
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

async function waitFor(url, child) {
  for (const deadline = Date.now() + 180_000; Date.now() < deadline; ) {
    if (child.exitCode !== null) throw new Error(`the Deskline server exited with code ${child.exitCode}`);
    const ok = await fetch(url).then((res) => res.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no answer from ${url}`);
}

/** A plain article page, as a site owner's would be; `snippet` adds the widget's one script tag. */
const hostHtml = (snippet) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Example Shop: shipping and returns</title><meta name="description" content="How we ship and how to return an order.">
<style>body{font:16px/1.6 system-ui,sans-serif;max-width:40rem;margin:0 auto;padding:1rem;color:#222}h1{font-size:1.6rem}</style>
${snippet}
</head><body><main><h1>Shipping and returns</h1>
${Array.from({ length: 8 }, (_, i) => `<h2>Question ${i + 1}</h2><p>Orders leave our warehouse within two working days. Parcels are tracked, and you can return anything unused within thirty days for a full refund; the label is on us.</p>`).join('\n')}
</main></body></html>`;

/**
 * One Lighthouse run in a fresh Chrome: a new profile has an empty HTTP cache, as a first visit
 * does (Lighthouse clears only the audited page's origin, not the Deskline server's).
 */
async function audit(url) {
  const chrome = await chromeLauncher.launch({ chromePath: CHROME, chromeFlags: CHROME_FLAGS });
  try {
    const { lhr } = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
    return lhr;
  } finally {
    await chrome.kill();
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function main() {
  const [apiPort, hostPort] = await Promise.all([freePort(), freePort()]);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'deskline-bench-host-'));
  const deskline = `http://127.0.0.1:${apiPort}`;
  const server = spawn(process.execPath, ['--import', 'tsx', 'backend/src/index.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      JWT_SECRET: randomBytes(36).toString('base64url'),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      PUBLIC_URL: deskline,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let host;
  try {
    await waitFor(`${deskline}/api/health`, server);
    const api = async (urlPath, body, token) => {
      const res = await fetch(`${deskline}/api${urlPath}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`POST ${urlPath} → ${res.status} ${await res.text()}`);
      return res.json();
    };
    const hostOrigin = `http://localhost:${hostPort}`;
    const { token } = await api('/auth/login', ADMIN);
    const site = await api('/sites', { name: 'Bench host', allowedOrigins: [hostOrigin] }, token);
    const snippet = `<script async src="${deskline}/widget.js" data-site-key="${site.siteKey}"></script>`;
    host = createServer((req, res) => {
      const html = hostHtml(req.url === '/with' ? snippet : '');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
    });
    await new Promise((resolve) => host.listen(hostPort, '127.0.0.1', resolve));

    // A first run that is not counted: the server warms up (first compiles, first queries).
    await audit(`${hostOrigin}/with`);
    const results = { without: [], with: [] };
    let version = '';
    for (let run = 1; run <= RUNS; run++) {
      for (const variant of ['without', 'with']) {
        const lhr = await audit(`${hostOrigin}/${variant}`);
        version = lhr.lighthouseVersion;
        const requests = lhr.audits['network-requests'].details.items;
        const figures = {
          // Every response's transfer size (headers included), summed: what the network carried.
          bytes: requests.reduce((sum, r) => sum + (r.transferSize ?? 0), 0),
          tbt: lhr.audits['total-blocking-time'].numericValue,
          score: Math.round(lhr.categories.performance.score * 100),
          // Long main-thread tasks Lighthouse attributes to Deskline's scripts: the widget's own share of
          // the blocking time, which the page's total hides on a busy machine.
          ownLongTasks: (lhr.audits['long-tasks'].details?.items ?? []).filter((t) => String(t.url).startsWith(deskline)).reduce((sum, t) => sum + t.duration, 0),
          app: requests.some((r) => /\/widget\/app\.[0-9a-f]+\.js/.test(r.url)),
          widget: requests.filter((r) => r.url.startsWith(deskline)).map((r) => `${new URL(r.url).pathname} ${r.transferSize} B`),
        };
        results[variant].push(figures);
        console.log(`run ${run} ${variant.padEnd(7)} ${String(figures.bytes).padStart(7)} B  TBT ${figures.tbt.toFixed(0).padStart(4)} ms  score ${figures.score}${variant === 'with' ? `  (${figures.widget.join(', ')}${figures.app ? '; app loaded!' : ''})` : ''}`);
      }
    }

    const stat = (variant, key) => median(results[variant].map((r) => r[key]));
    const row = (label, key, unit, digits = 0) => {
      const a = stat('without', key);
      const b = stat('with', key);
      const sign = b - a >= 0 ? '+' : '';
      console.log(`${label.padEnd(26)} ${a.toFixed(digits).padStart(8)} ${b.toFixed(digits).padStart(8)} ${(sign + (b - a).toFixed(digits)).padStart(8)} ${unit}`);
    };
    console.log(`\nLighthouse ${version} mobile, median of ${RUNS} runs each (${CHROME})`);
    console.log(`${''.padEnd(26)} ${'without'.padStart(8)} ${'with'.padStart(8)} ${'delta'.padStart(8)}`);
    row('bytes transferred', 'bytes', 'B');
    row('total blocking time', 'tbt', 'ms');
    row('performance score', 'score', '');
    row("Deskline's long tasks", 'ownLongTasks', 'ms');
    console.log(`app bundle fetched at load: ${results.with.filter((r) => r.app).length} of ${RUNS} runs`);
  } finally {
    await new Promise((resolve) => (host ? host.close(resolve) : resolve()));
    server.kill('SIGTERM');
    await new Promise((resolve) => (server.exitCode !== null ? resolve() : server.once('exit', resolve)));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
