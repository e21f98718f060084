// A plain host site on its own origin that embeds the Deskline widget, served with a strict
// Content-Security-Policy (no inline scripts or styles). No dependencies: `node server.mjs`.
//   DESKLINE_URL     the Deskline server (default http://localhost:3000)
//   SITE_KEY         the site's key (console → Sites)
//   IDENTITY_SECRET  the site's identity secret, to sign the demo customer in (optional)
//   PORT             this page's port (default 8080)
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { signIdentity } from '../server-signing/sign.mjs';

const DESKLINE_URL = (process.env.DESKLINE_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
const SITE_KEY = process.env.SITE_KEY ?? '';
const IDENTITY_SECRET = process.env.IDENTITY_SECRET ?? '';
const PORT = Number(process.env.PORT ?? 8080);
const HOST = process.env.HOST ?? '127.0.0.1';

if (!SITE_KEY) console.warn('SITE_KEY is not set: the widget will say that it is not set up correctly.');

const deskline = new URL(DESKLINE_URL);
const socketOrigin = `${deskline.protocol === 'https:' ? 'wss:' : 'ws:'}//${deskline.host}`;
// Everything the widget needs, and nothing more: its scripts, its API and socket, its images.
const CSP = [
  "default-src 'self'",
  `script-src 'self' ${deskline.origin}`,
  `connect-src 'self' ${deskline.origin} ${socketOrigin}`,
  `img-src 'self' ${deskline.origin} data:`,
  "style-src 'self'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/** The demo customers your own sign-in would provide. */
const CUSTOMERS = {
  ada: { externalId: 'demo-ada', name: 'Ada Lovelace', email: 'ada@example.com' },
  alan: { externalId: 'demo-alan', name: 'Alan Turing', email: 'alan@example.com' },
};

const escape = (value) => String(value).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const file = (name) => readFileSync(new URL(name, import.meta.url), 'utf8');

function page(url) {
  const customer = IDENTITY_SECRET ? CUSTOMERS[url.searchParams.get('as')] : undefined;
  // The signature is computed here, on the server; the identity secret never reaches the browser.
  const identity = customer
    ? Object.entries({ ...customer, signature: url.searchParams.get('signature') ?? signIdentity(customer.externalId, IDENTITY_SECRET) })
        .map(([key, value]) => ` data-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}="${escape(value)}"`)
        .join('')
    : '';
  return file('index.html')
    .replace('{{SNIPPET}}', `<script async src="${escape(DESKLINE_URL)}/widget.js" data-site-key="${escape(SITE_KEY)}"></script>`)
    .replace('{{IDENTITY}}', identity)
    .replace('{{WHO}}', customer ? `Signed in on this shop as ${escape(customer.name)}.` : 'Browsing anonymously.');
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
  const send = (status, type, body) => {
    res.writeHead(status, { 'content-type': type, 'content-security-policy': CSP, 'cache-control': 'no-store' });
    res.end(body);
  };
  if (url.pathname === '/') return send(200, 'text/html; charset=utf-8', page(url));
  if (url.pathname === '/host.js') return send(200, 'text/javascript; charset=utf-8', file('host.js'));
  if (url.pathname === '/site.css') return send(200, 'text/css; charset=utf-8', file('site.css'));
  send(404, 'text/plain', 'Not found');
});

server.listen(PORT, HOST, () => {
  console.log(`Example shop at http://${HOST === '127.0.0.1' ? 'localhost' : HOST}:${PORT} (widget from ${DESKLINE_URL})`);
});
