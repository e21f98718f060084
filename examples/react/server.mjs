// A React single-page app that embeds the Deskline widget and navigates on the client. No build
// step and no new dependencies: React's own production CommonJS files (from the repository's
// node_modules) are wrapped into one classic script at start-up, and the app is plain JavaScript.
//   DESKLINE_URL, SITE_KEY, IDENTITY_SECRET (optional), PORT (default 8081): as examples/html.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { signIdentity } from '../server-signing/sign.mjs';

const DESKLINE_URL = (process.env.DESKLINE_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
const SITE_KEY = process.env.SITE_KEY ?? '';
const IDENTITY_SECRET = process.env.IDENTITY_SECRET ?? '';
const PORT = Number(process.env.PORT ?? 8081);
const HOST = process.env.HOST ?? '127.0.0.1';

const require = createRequire(import.meta.url);
/** A file inside a package, found like Node finds the package (its "exports" hide the cjs/ files). */
const resolve = (file) => {
  const [scope, ...rest] = file.split('/');
  return path.join(path.dirname(require.resolve(`${scope}/package.json`)), ...rest);
};
const MODULES = {
  react: 'react/cjs/react.production.js',
  'react-dom': 'react-dom/cjs/react-dom.production.js',
  'react-dom/client': 'react-dom/cjs/react-dom-client.production.js',
  scheduler: 'scheduler/cjs/scheduler.production.js',
};
/** A twenty-line CommonJS loader around React's files: what a bundler would do, without one. */
const vendor = [
  '(function () {',
  'var defs = {}, cache = {};',
  'function require(name) { if (!cache[name]) { var m = cache[name] = { exports: {} }; defs[name](m, m.exports, require); } return cache[name].exports; }',
  ...Object.entries(MODULES).map(
    ([name, file]) => `defs[${JSON.stringify(name)}] = function (module, exports, require) {\n${readFileSync(resolve(file), 'utf8')}\n};`,
  ),
  'window.React = require("react"); window.ReactDOMClient = require("react-dom/client");',
  '})();',
].join('\n');

const deskline = new URL(DESKLINE_URL);
const CSP = [
  "default-src 'self'",
  `script-src 'self' ${deskline.origin}`,
  `connect-src 'self' ${deskline.origin} ${deskline.protocol === 'https:' ? 'wss:' : 'ws:'}//${deskline.host}`,
  `img-src 'self' ${deskline.origin} data:`,
  "style-src 'self'",
].join('; ');

const CUSTOMERS = { ada: { externalId: 'react-ada', name: 'Ada Lovelace', email: 'ada@example.com' } };
const escape = (value) => String(value).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const page = readFileSync(new URL('index.html', import.meta.url), 'utf8')
  .replace('{{DESKLINE_URL}}', escape(DESKLINE_URL))
  .replace('{{SITE_KEY}}', escape(SITE_KEY));

createServer((req, res) => {
  const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
  const send = (status, type, body) => {
    res.writeHead(status, { 'content-type': type, 'content-security-policy': CSP, 'cache-control': 'no-store' });
    res.end(body);
  };
  if (url.pathname === '/vendor.js') return send(200, 'text/javascript; charset=utf-8', vendor);
  if (url.pathname === '/app.js') return send(200, 'text/javascript; charset=utf-8', readFileSync(new URL('app.js', import.meta.url)));
  if (url.pathname === '/style.css') return send(200, 'text/css; charset=utf-8', readFileSync(new URL('style.css', import.meta.url)));
  // Your back end's "who is signed in" answer, with the identity signed here, never in the browser.
  if (url.pathname === '/api/identity') {
    const customer = CUSTOMERS[url.searchParams.get('as')];
    if (!customer || !IDENTITY_SECRET) return send(404, 'application/json', '{"error":"unknown customer or no IDENTITY_SECRET"}');
    return send(200, 'application/json', JSON.stringify({ ...customer, signature: signIdentity(customer.externalId, IDENTITY_SECRET) }));
  }
  // Every other path is a page of the single-page app.
  send(200, 'text/html; charset=utf-8', page);
}).listen(PORT, HOST, () => {
  console.log(`React example at http://${HOST === '127.0.0.1' ? 'localhost' : HOST}:${PORT} (widget from ${DESKLINE_URL})`);
});
