// A host site for the tests: the snippet on a page with a strict CSP, optionally with a hostile
// stylesheet. Query: siteKey (required), hostile=1, locale=fr, csp=0 (no CSP header),
// queue=<JSON list of Deskline(...) argument lists> to call before widget.js has loaded,
// tt=require (CSP adds require-trusted-types-for 'script') or tt=deskline (…and allows only the
// policy named deskline), and patch=<names from patched-builtins.ts, comma-separated>: libraries
// that patch built-ins, loaded before everything else.
import { createServer } from 'node:http';
import { PATCHES } from './patched-builtins.js';

export const HOSTILE_CSS = `
* { all: revert; color: red !important; font: 40px serif !important; line-height: 3 !important;
    letter-spacing: 6px !important; text-transform: uppercase !important; text-shadow: 2px 2px 0 lime !important;
    box-sizing: content-box !important; cursor: wait !important; word-spacing: 20px !important; }
html { font-size: 40px !important; color: red !important; }
div, span, p, button, input, textarea, select, ul, li, h2, h3, form, label, header {
    all: unset !important; display: inline !important; padding: 30px !important; margin: 17px !important;
    border: 5px dashed red !important; background: yellow !important; }
deskline-widget { display: none !important; position: static !important; transform: scale(.5) rotate(10deg) !important;
    filter: invert(1) !important; opacity: .2 !important; visibility: hidden !important; }
body * { visibility: hidden !important; }
:root { --c: red !important; }
`;

const PROBE = `// Records the page's globals before the widget loads, and the widget's events.
window.__hostProbe = { before: Object.getOwnPropertyNames(window), events: [] };
window.Deskline = window.Deskline || function () { (Deskline.q = Deskline.q || []).push(arguments); };
['ready', 'open', 'close', 'unread', 'message'].forEach(function (name) {
  Deskline('on', name, function (payload) {
    __hostProbe.events.push({ name: name, payload: name === 'message' ? payload.body : payload });
  });
});`;

export async function startHostServer(port: number, deskline: string) {
  const ws = deskline.replace(/^http/, 'ws');
  const csp = `default-src 'self'; script-src 'self' ${deskline}; connect-src ${deskline} ${ws}; img-src ${deskline} data:; style-src 'self'`;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const q = url.searchParams;
    const headers: Record<string, string> = { 'cache-control': 'no-store' };
    const tt = q.get('tt');
    const trustedTypes = tt ? `; require-trusted-types-for 'script'${tt === 'deskline' ? '; trusted-types deskline' : ''}` : '';
    if (q.get('csp') !== '0') headers['content-security-policy'] = csp + trustedTypes;
    if (url.pathname === '/hostile.css') return res.writeHead(200, { ...headers, 'content-type': 'text/css' }).end(HOSTILE_CSS);
    if (url.pathname === '/patches.js') {
      const names = (q.get('set') ?? '').split(',');
      if (!names.every((name) => name in PATCHES)) return res.writeHead(404).end();
      return res.writeHead(200, { ...headers, 'content-type': 'text/javascript' }).end(names.map((name) => PATCHES[name]).join('\n'));
    }
    if (url.pathname === '/probe.js') {
      const queued = JSON.stringify(JSON.parse(q.get('queue') ?? '[]'));
      const script = `${PROBE}\n${queued}.forEach(function (args) { Deskline.apply(null, args); });`;
      return res.writeHead(200, { ...headers, 'content-type': 'text/javascript' }).end(script);
    }
    if (url.pathname !== '/') return res.writeHead(404).end();
    const attr = (value: string | null) => (value ?? '').replace(/[^\w.:-]/g, '');
    const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Test host</title>
${q.get('hostile') === '1' ? '<link rel="stylesheet" href="/hostile.css">' : ''}
${q.get('patch') ? `<script src="/patches.js?set=${encodeURIComponent(q.get('patch')!)}"></script>` : ''}
<script src="/probe.js${q.get('queue') ? `?queue=${encodeURIComponent(q.get('queue')!)}` : ''}"></script>
<script async src="${deskline}/widget.js" data-site-key="${attr(q.get('siteKey'))}"${q.get('locale') ? ` data-locale="${attr(q.get('locale'))}"` : ''}></script>
</head><body><h1>A host page</h1><p>Some content of the host.</p></body></html>`;
    res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
