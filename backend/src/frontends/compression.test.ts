// Compression over the wire: precompressed front-end files chosen by Accept-Encoding, the API's JSON
// compressed on the fly above a threshold, and Socket.IO's long-polling untouched.
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { Fetch } from 'engine.io-client';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPRESSION_THRESHOLD } from '../http/compression.js';
import { startTestServer, type TestServer } from '../test/harness.js';
import { preferredEncoding } from './precompressed.js';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The bytes as they came over the wire, not decoded. */
  body: Buffer;
}

/** A GET whose body is not decompressed (fetch would decode it and hide what was sent). */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

const decode = (res: RawResponse) =>
  res.headers['content-encoding'] === 'br'
    ? brotliDecompressSync(res.body).toString()
    : res.headers['content-encoding'] === 'gzip'
      ? gunzipSync(res.body).toString()
      : res.body.toString();

/** Text that compresses well, and is above any threshold. */
const text = (label: string) => `/* ${label} */ ${Array.from({ length: 400 }, (_, i) => `call${i % 17}("${label}");`).join('\n')}`;

const files: Record<string, string> = {
  'widget/widget.js': text('loader'),
  'widget/app.abcdef1234.js': text('app'),
  'widget/portal.html': `<!doctype html><title>Portal</title>${text('portal')}`,
  'admin/index.html': `<!doctype html><title>Console</title>${text('console')}`,
  'admin/inbox.html': `<!doctype html><title>Inbox</title>${text('inbox')}`,
  'admin/_next/static/chunks/main.js': text('chunk'),
  'admin/_next/static/css/app.css': `body{color:red}${' .a{margin:0}'.repeat(200)}`,
};

let server: TestServer;
let root: string;
beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'deskline-compression-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    // What scripts/precompress.mjs writes at build time.
    writeFileSync(`${file}.br`, brotliCompressSync(content));
    writeFileSync(`${file}.gz`, gzipSync(content));
  }
  server = await startTestServer({ frontends: { widget: path.join(root, 'widget'), admin: path.join(root, 'admin') } });
});
afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

/** URL → the file it serves and its Content-Type. */
const assets: [string, string, RegExp][] = [
  ['/widget.js', 'widget/widget.js', /^(text|application)\/javascript; charset=utf-8$/],
  ['/widget/app.abcdef1234.js', 'widget/app.abcdef1234.js', /^(text|application)\/javascript; charset=utf-8$/],
  ['/portal', 'widget/portal.html', /^text\/html; charset=utf-8$/],
  ['/admin', 'admin/index.html', /^text\/html; charset=utf-8$/],
  ['/admin/inbox', 'admin/inbox.html', /^text\/html; charset=utf-8$/],
  ['/admin/_next/static/chunks/main.js', 'admin/_next/static/chunks/main.js', /^(text|application)\/javascript; charset=utf-8$/],
  ['/admin/_next/static/css/app.css', 'admin/_next/static/css/app.css', /^text\/css; charset=utf-8$/],
];

describe('precompressed front-end files', () => {
  it.each(assets)('%s: br when accepted, else gzip, else identity, varying by Accept-Encoding', async (url, file, type) => {
    const original = files[file]!;
    const cases: [string | undefined, string | undefined, Buffer][] = [
      ['gzip, deflate, br', 'br', brotliCompressSync(original)],
      ['br;q=0.5, gzip', 'gzip', gzipSync(original)],
      ['gzip', 'gzip', gzipSync(original)],
      ['identity', undefined, Buffer.from(original)],
      [undefined, undefined, Buffer.from(original)],
    ];
    const etags = new Set<string>();
    for (const [accept, encoding] of cases) {
      const res = await rawGet(`${server.url}${url}`, accept ? { 'accept-encoding': accept } : {});
      expect(res.status, `${url} ${accept}`).toBe(200);
      expect(res.headers['content-encoding'], `${url} ${accept}`).toBe(encoding);
      expect(res.headers['content-type']).toMatch(type);
      expect(res.headers.vary).toMatch(/Accept-Encoding/i);
      expect(Number(res.headers['content-length'])).toBe(res.body.length);
      expect(decode(res)).toBe(original);
      if (encoding) expect(res.body.length).toBeLessThan(Buffer.byteLength(original) / 3);
      etags.add(`${encoding}:${res.headers.etag}`);
    }
    // One ETag per representation: a cache never answers a gzip request with the brotli bytes.
    const byEncoding = new Map([...etags].map((e) => [e.split(':')[0], e.slice(e.indexOf(':') + 1)]));
    expect(new Set(byEncoding.values()).size).toBe(byEncoding.size);
  });

  it('keeps caching headers on the compressed variants', async () => {
    const hashed = await rawGet(`${server.url}/widget/app.abcdef1234.js`, { 'accept-encoding': 'br' });
    expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(hashed.headers['access-control-allow-origin']).toBe('*');
    const loader = await rawGet(`${server.url}/widget.js`, { 'accept-encoding': 'br' });
    expect(loader.headers['cache-control']).toBe('public, max-age=300');
    const chunk = await rawGet(`${server.url}/admin/_next/static/chunks/main.js`, { 'accept-encoding': 'gzip' });
    expect(chunk.headers['cache-control']).toContain('immutable');
    const page = await rawGet(`${server.url}/admin/inbox`, { 'accept-encoding': 'br' });
    expect(page.headers['cache-control']).toBe('no-cache');
  });

  it("revalidates per encoding: the identity's ETag does not match the brotli variant", async () => {
    const url = `${server.url}/widget/app.abcdef1234.js`;
    const identity = await rawGet(url);
    const br = await rawGet(url, { 'accept-encoding': 'br' });
    expect((await rawGet(url, { 'accept-encoding': 'br', 'if-none-match': String(identity.headers.etag) })).status).toBe(200);
    const notModified = await rawGet(url, { 'accept-encoding': 'br', 'if-none-match': String(br.headers.etag) });
    expect(notModified.status).toBe(304);
    expect(notModified.body.length).toBe(0);
  });

  it('never compresses a precompressed file once more', async () => {
    const res = await rawGet(`${server.url}/widget/app.abcdef1234.js.br`, { 'accept-encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(brotliDecompressSync(res.body).toString()).toBe(files['widget/app.abcdef1234.js']);
  });
});

describe('API responses', () => {
  it('compresses JSON above the threshold, for br and gzip clients', async () => {
    const customer = await server.createUser('CUSTOMER');
    const created = await server.api('POST', '/tickets', {
      token: customer.token,
      body: { subject: 'A long story', description: 'It began like this. '.repeat(200), category: 'general' },
    });
    expect(created.status).toBe(201);
    const url = `${server.url}/api/tickets/${created.body.id}`;
    const auth = { authorization: `Bearer ${customer.token}` };
    const identity = await rawGet(url, auth);
    expect(identity.status).toBe(200);
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.body.length).toBeGreaterThan(COMPRESSION_THRESHOLD);

    const br = await rawGet(url, { ...auth, 'accept-encoding': 'gzip, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(JSON.parse(decode(br))).toEqual(JSON.parse(identity.body.toString()));
    expect(br.body.length).toBeLessThan(identity.body.length / 3);
    const gzip = await rawGet(url, { ...auth, 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(decode(gzip))).toEqual(JSON.parse(identity.body.toString()));
  });

  it('sends small JSON and error bodies as they are', async () => {
    const health = await rawGet(`${server.url}/api/health`, { 'accept-encoding': 'br, gzip' });
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(health.body.toString())).toMatchObject({ ok: true });
    const missing = await rawGet(`${server.url}/api/no-such-route`, { 'accept-encoding': 'br, gzip' });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(missing.body.toString()).error.code).toBeDefined();
  });
});

describe('Socket.IO with compression on', () => {
  let socket: Socket | undefined;
  afterAll(() => socket?.disconnect());

  it('works over long-polling: large messages go both ways', async () => {
    const customer = await server.createUser('CUSTOMER');
    const admin = await server.createUser('ADMIN');
    const ticket = await server.api('POST', '/tickets', {
      token: customer.token,
      body: { subject: 'Polling', description: 'Over long-polling', category: 'general' },
    });
    expect(ticket.status).toBe(201);
    socket = connect(server.url, {
      auth: { token: customer.token },
      // Long-polling over fetch(), which (like a browser) accepts and decodes compressed responses.
      transports: [Fetch],
      reconnection: false,
      forceNew: true,
    });
    await new Promise<void>((resolve, reject) => {
      socket!.once('connect', resolve);
      socket!.once('connect_error', reject);
    });
    expect(socket.io.engine.transport.name).toBe('polling');

    // Larger than any compression threshold, so engine.io compresses it when the client allows.
    const outgoing = `from the customer ${'x'.repeat(4000)}`;
    const ack = (await socket.timeout(10_000).emitWithAck('message:send', { ticketId: ticket.body.id, body: outgoing, clientId: randomUUID() })) as {
      ok: boolean;
    };
    expect(ack.ok).toBe(true);

    const incoming = `from support ${'y'.repeat(4000)}`;
    const received = new Promise<{ body: string }>((resolve) =>
      socket!.on('message:new', (message: { body: string }) => message.body === incoming && resolve(message)),
    );
    const sent = await server.api('POST', `/tickets/${ticket.body.id}/messages`, { token: admin.token, body: { body: incoming, clientId: randomUUID() } });
    expect(sent.status).toBe(201);
    expect((await received).body).toBe(incoming);
    expect(socket.io.engine.transport.name).toBe('polling');
  });

  it('answers polling requests as engine.io sends them, never re-encoded by Express', async () => {
    const res = await rawGet(`${server.url}/socket.io/?EIO=4&transport=polling`, { 'accept-encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    // engine.io compresses only above its own threshold and never with brotli.
    expect(res.headers['content-encoding']).not.toBe('br');
    expect(res.body.toString()).toMatch(/^0\{"sid":/);
  });
});

describe('preferredEncoding', () => {
  it('follows q-values, prefers br on a tie, and falls back to identity', () => {
    const both = ['br', 'gzip'] as const;
    expect(preferredEncoding('gzip, deflate, br', both)).toBe('br');
    expect(preferredEncoding('gzip;q=1, br;q=0.8', both)).toBe('gzip');
    expect(preferredEncoding('br;q=0, gzip', both)).toBe('gzip');
    expect(preferredEncoding('*', both)).toBe('br');
    expect(preferredEncoding('*;q=0', both)).toBeUndefined();
    expect(preferredEncoding('x-gzip', both)).toBe('gzip');
    expect(preferredEncoding('br', ['gzip'])).toBeUndefined();
    expect(preferredEncoding('deflate', both)).toBeUndefined();
    expect(preferredEncoding(undefined, both)).toBeUndefined();
  });
});
