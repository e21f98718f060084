import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngChunk, tinyPng } from '../test/fixtures.js';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import type { AttachmentJson } from '@deskline/contract';
import { safeFilename, signAttachmentUrl } from './service.js';

let server: TestServer;
let admin: TestUser;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.createUser('ADMIN', 'Agent Smith');
  alice = await server.createUser('CUSTOMER', 'Alice');
  bob = await server.createUser('CUSTOMER', 'Bob');
});
afterAll(() => server?.close());

/** uploads/ab/ab…: a uuid file name in the folder named by its first two characters. */
const STORED_FILE = /^uploads\/([0-9a-f]{2})\/\1[0-9a-f]{6}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MB = 1024 * 1024;

// Minimal files with real magic bytes, the way the server recognises them.

/** JFIF header, a comment, end of image. */
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF\0', 'latin1'),
  Buffer.from([0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]),
  Buffer.from([0xff, 0xfe, 0x00, 0x07]),
  Buffer.from('hello'),
  Buffer.from([0xff, 0xd9]),
]);
/** The classic 1×1 transparent GIF. */
const GIF = Buffer.from('47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b', 'hex');
/** A 1×1 lossless WebP. */
const WEBP = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n' +
    'trailer << /Root 1 0 R >>\n%%EOF\n',
);

/** A ZIP holding one stored file, hello.txt. */
function tinyZip(): Buffer {
  const name = Buffer.from('hello.txt');
  const data = Buffer.from('hello\n');
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  const centralOffset = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

/** The start of a Windows PE file: "MZ", the DOS header, NUL padding. */
const EXE = Buffer.concat([Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]), Buffer.alloc(118)]);
/** The start of a 64-bit Linux ELF executable. */
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(56)]);

function filePart(bytes: Buffer | string, type = 'application/octet-stream') {
  return new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], { type });
}

async function openTicket(owner: TestUser) {
  const res = await server.api('POST', '/tickets', {
    token: owner.token,
    body: { subject: 'Printer on fire', description: 'It is really on fire', category: 'technical' },
  });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

async function upload(ticketId: string, who: TestUser | undefined, bytes: Buffer | string, filename: string, options: { field?: string; type?: string } = {}) {
  const form = new FormData();
  form.append(options.field ?? 'file', filePart(bytes, options.type), filename);
  return server.api<AttachmentJson>('POST', `/tickets/${ticketId}/attachments`, { token: who?.token, body: form });
}

async function uploaded(ticketId: string, who: TestUser, bytes: Buffer | string, filename: string): Promise<AttachmentJson> {
  const res = await upload(ticketId, who, bytes, filename);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** GET of a path below the server (e.g. /api/attachments/…), with the raw bytes of the answer. */
async function download(urlPath: string, token?: string) {
  const res = await fetch(`${server.url}${urlPath}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** The whole Content-Disposition header has only the filename=, quoted or not: anything else (filename*=) fails. */
function dispositionName(headers: Headers): string | undefined {
  return /^(?:attachment|inline); filename=("?)([^"]*)\1$/.exec(headers.get('content-disposition') ?? '')?.[2];
}

/** The path and query of an attachment's signed URL, to fetch from this test server. */
function signedPath(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

async function storedPathOf(attachmentId: string): Promise<string> {
  const row = await server.ctx.db.attachment.findUniqueOrThrow({ where: { id: attachmentId } });
  return path.join(server.dataDir, 'uploads', row.storageKey.slice(0, 2), row.storageKey);
}

describe('uploading attachments', () => {
  const allowed: [string, () => Buffer | string, string, string][] = [
    ['png', tinyPng, 'pixel.png', 'image/png'],
    ['jpeg', () => JPEG, 'photo.jpg', 'image/jpeg'],
    ['gif', () => GIF, 'anim.gif', 'image/gif'],
    ['webp', () => WEBP, 'pic.webp', 'image/webp'],
    ['pdf', () => PDF, 'invoice.pdf', 'application/pdf'],
    ['plain text', () => 'The printer says PC LOAD LETTER.\nWhat does it mean?\n', 'notes.txt', 'text/plain'],
    ['UTF-8 text', () => 'Grüße, 你好, 👋\n', 'greeting.txt', 'text/plain'],
    ['csv', () => 'date,amount\n2026-01-01,12.50\n', 'export.csv', 'text/csv'],
    ['zip', tinyZip, 'logs.zip', 'application/zip'],
  ];

  it.each(allowed)('accepts %s with the type sniffed from its bytes', async (_label, make, filename, mimeType) => {
    const ticket = await openTicket(alice);
    const bytes = make();
    // The declared part type is a lie the server must ignore.
    const res = await upload(ticket.id, alice, bytes, filename, { type: 'text/html' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ filename, mimeType, size: Buffer.byteLength(bytes) });
    expect(res.body.id).toEqual(expect.any(String));
    expect(Date.parse(res.body.createdAt)).not.toBeNaN();
    expect(res.body.url).toMatch(new RegExp(`/api/attachments/${res.body.id}\\?expires=\\d+&signature=[\\w-]+$`));
    const ticketNow = await server.api('GET', `/tickets/${ticket.id}`, { token: alice.token });
    expect(ticketNow.body.attachments).toEqual([expect.objectContaining({ id: res.body.id, filename, mimeType })]);
  });

  it('types a file by its bytes, not its name', async () => {
    const ticket = await openTicket(alice);
    expect((await uploaded(ticket.id, alice, tinyPng(), 'report.pdf')).mimeType).toBe('image/png');
    expect((await uploaded(ticket.id, alice, PDF, 'scan.png')).mimeType).toBe('application/pdf');
    expect((await uploaded(ticket.id, alice, 'just words\n', 'photo.jpg')).mimeType).toBe('text/plain');
  });

  it('accepts plain text that happens to start like a binary format', async () => {
    const ticket = await openTicket(alice);
    for (const text of ['MZ is the DOS header, as far as I know.\n', 'BMW dealer says the invoice is wrong\n', 'ID3 tags are missing\n']) {
      const res = await upload(ticket.id, alice, text, 'note.txt');
      expect(res.status, text).toBe(201);
      expect(res.body.mimeType).toBe('text/plain');
    }
  });

  const refused: [string, Buffer | string, string][] = [
    ['an HTML page named .txt', '<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script></body></html>', 'readme.txt'],
    ['an HTML page named .png', '<html><head><title>x</title></head><body>hi</body></html>', 'cat.png'],
    ['a script fragment named .csv', 'name,value\n<script>alert(1)</script>,1\n', 'data.csv'],
    ['an HTML fragment named .txt', '<div onmouseover="alert(1)">Hover me</div>\n', 'hover.txt'],
    ['an HTML comment-led page named .txt', '<!-- saved page -->\n<p>hello</p>\n', 'saved.txt'],
    ['an SVG image', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'logo.svg'],
    ['an SVG with an XML prolog named .png', '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', 'logo.png'],
    ['a Windows executable', EXE, 'setup.exe'],
    ['a Windows executable named .pdf', EXE, 'invoice.pdf'],
    ['an ELF executable named .txt', ELF, 'notes.txt'],
    ['arbitrary binary', Buffer.from([0x00, 0x01, 0x02, 0x03, 0xfe, 0xff, 0x10, 0x00]), 'blob.bin'],
    ['a gzip archive', Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.alloc(16)]), 'logs.zip'],
  ];

  it.each(refused)('refuses %s with 415 UNSUPPORTED_FILE_TYPE', async (_label, bytes, filename) => {
    const ticket = await openTicket(alice);
    const filesBefore = filesUnder(server.dataDir).length;
    const res = await upload(ticket.id, alice, bytes, filename, { type: 'image/png' });
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ error: { code: 'UNSUPPORTED_FILE_TYPE' } });
    expect(filesUnder(server.dataDir)).toHaveLength(filesBefore);
    expect((await server.api('GET', `/tickets/${ticket.id}`, { token: alice.token })).body.attachments).toEqual([]);
  });

  it('accepts a file of exactly 10 MB and refuses a larger one with 413', async () => {
    const ticket = await openTicket(alice);
    const exact = await upload(ticket.id, alice, Buffer.alloc(10 * MB, 'a'), 'big.txt');
    expect(exact.status).toBe(201);
    expect(exact.body.size).toBe(10 * MB);
    const filesBefore = filesUnder(server.dataDir).length;
    const tooBig = await upload(ticket.id, alice, Buffer.alloc(10 * MB + 1, 'a'), 'bigger.txt');
    expect(tooBig.status).toBe(413);
    expect(tooBig.body).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(filesUnder(server.dataDir)).toHaveLength(filesBefore);
    const attachments = (await server.api('GET', `/tickets/${ticket.id}`, { token: alice.token })).body.attachments;
    expect(attachments.map((a: AttachmentJson) => a.filename)).toEqual(['big.txt']);
  });

  it('refuses a request without a file, or with an empty one, with 400', async () => {
    const ticket = await openTicket(alice);
    const noFile = new FormData();
    noFile.set('note', 'forgot the file');
    const missing = await server.api('POST', `/tickets/${ticket.id}/attachments`, { token: alice.token, body: noFile });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'file' })] });
    const json = await server.api('POST', `/tickets/${ticket.id}/attachments`, { token: alice.token, body: { file: 'aGVsbG8=' } });
    expect(json.status).toBe(400);
    const empty = await upload(ticket.id, alice, Buffer.alloc(0), 'empty.txt');
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const wrongField = await upload(ticket.id, alice, 'hello\n', 'hello.txt', { field: 'attachment' });
    expect(wrongField.status).toBe(400);
    const twoFiles = new FormData();
    twoFiles.append('file', filePart('one\n'), 'one.txt');
    twoFiles.append('file', filePart('two\n'), 'two.txt');
    expect((await server.api('POST', `/tickets/${ticket.id}/attachments`, { token: alice.token, body: twoFiles })).status).toBe(400);
    expect((await server.api('GET', `/tickets/${ticket.id}`, { token: alice.token })).body.attachments).toEqual([]);
  });

  it('uses only the last part of a path-like filename, for display, and stores files under random names in DATA_DIR/uploads', async () => {
    const ticket = await openTicket(alice);
    const traversal = await uploaded(ticket.id, alice, 'root:x:0:0:root:/root:/bin/bash\n', '../../etc/passwd');
    expect(traversal.filename).toBe('passwd.txt');
    const windows = await uploaded(ticket.id, alice, 'hello\n', '..\\..\\Windows\\win.ini');
    expect(windows.filename).toBe('win.ini.txt');

    const uploads = path.join(server.dataDir, 'uploads');
    expect(existsSync(path.resolve(uploads, '../../etc/passwd'))).toBe(false);
    expect(existsSync(path.resolve(uploads, '../passwd'))).toBe(false);
    const files = filesUnder(server.dataDir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(file).toMatch(STORED_FILE);
    for (const attachment of [traversal, windows]) {
      const stored = path.relative(server.dataDir, await storedPathOf(attachment.id));
      expect(files).toContain(stored);
    }
  });

  it('keeps a display name printable and bounded', () => {
    expect(safeFilename('../../etc/passwd')).toBe('passwd');
    expect(safeFilename('..\\..\\boot.ini')).toBe('boot.ini');
    expect(safeFilename('..')).toBe('file');
    expect(safeFilename('dir/')).toBe('file');
    expect(safeFilename('')).toBe('file');
    expect(safeFilename('evil"\r\nname\u0000.txt')).toBe('evilname.txt');
    expect(safeFilename(`${'a'.repeat(300)}.txt`)).toHaveLength(200);
  });

  const disguised: [string, string, Buffer | string, string][] = [
    ['a right-to-left override', 'rtl\u202Egnp.exe', 'plain words\n', 'rtlgnp.exe.txt'],
    ['a right-to-left override on an image', 'photo\u202Egnp.exe', tinyPng(), 'photognp.exe.png'],
    ['bidi isolates and embeddings', '\u2067invoice\u2069\u202B.pdf\u202C.txt', 'plain words\n', 'invoice.pdf.txt'],
    ['zero-width characters and a BOM', '\ufeffre\u200bport\u200d\u2060.txt', 'plain words\n', 'report.txt'],
    ['a soft hyphen, a Hangul filler and a line separator', 'pay\u00adroll\u3164\u2028.csv', 'a,b\n1,2\n', 'payroll.csv'],
    ['C1 controls', 'a\u0085b\u009bc.txt', 'plain words\n', 'abc.txt'],
    ['nothing visible', '\u202e\u200b\u2066', 'plain words\n', 'file.txt'],
  ];

  it.each(disguised)('strips %s from the filename, in the JSON and the download', async (_label, filename, bytes, shown) => {
    const ticket = await openTicket(alice);
    const attachment = await uploaded(ticket.id, alice, bytes, filename);
    expect(attachment.filename).toBe(shown);
    expect((await server.api('GET', `/tickets/${ticket.id}`, { token: admin.token })).body.attachments[0].filename).toBe(shown);
    expect(dispositionName((await download(`/api/attachments/${attachment.id}`, alice.token)).headers)).toBe(shown);
  });

  it('gives text an extension that follows its sniffed type, unless it is .txt, .csv, .log or .md', async () => {
    const ticket = await openTicket(alice);
    for (const [filename, shown, mimeType] of [
      ['x.exe', 'x.exe.txt', 'text/plain'],
      ['x.html', 'x.html.txt', 'text/plain'],
      ['run.BAT', 'run.BAT.txt', 'text/plain'],
      ['README', 'README.txt', 'text/plain'],
      ['notes.TXT', 'notes.TXT', 'text/plain'],
      ['server.log', 'server.log', 'text/plain'],
      ['CHANGES.md', 'CHANGES.md', 'text/plain'],
      ['export.csv', 'export.csv', 'text/csv'],
      [`${'n'.repeat(250)}.exe`, `${'n'.repeat(196)}.txt`, 'text/plain'],
    ] as const) {
      const attachment = await uploaded(ticket.id, alice, 'just words\n', filename);
      expect(attachment, filename).toMatchObject({ filename: shown, mimeType });
      const res = await download(`/api/attachments/${attachment.id}`, alice.token);
      expect(dispositionName(res.headers), filename).toBe(shown);
      expect(res.headers.get('content-type'), filename).toBe(mimeType);
    }
  });

  it('shows and serves a filename stored before these rules by the same rules', async () => {
    const ticket = await openTicket(alice);
    const attachment = await uploaded(ticket.id, alice, 'plain words\n', 'old.txt');
    await server.ctx.db.attachment.update({ where: { id: attachment.id }, data: { filename: 'old\u202Egnp.exe' } });
    expect((await server.api('GET', `/tickets/${ticket.id}`, { token: alice.token })).body.attachments[0].filename).toBe('oldgnp.exe.txt');
    const res = await download(`/api/attachments/${attachment.id}`, alice.token);
    expect(dispositionName(res.headers)).toBe('oldgnp.exe.txt');
  });

  it("answers 404 for another customer's ticket or a missing one, and 401 without a token", async () => {
    const ticket = await openTicket(alice);
    expect((await upload(ticket.id, bob, 'hello\n', 'hello.txt')).status).toBe(404);
    expect((await upload('01900000-0000-7000-8000-000000000000', alice, 'hello\n', 'hello.txt')).status).toBe(404);
    expect((await upload(ticket.id, undefined, 'hello\n', 'hello.txt')).status).toBe(401);
    expect((await server.api('GET', `/tickets/${ticket.id}`, { token: alice.token })).body.attachments).toEqual([]);
  });

  it('leaves no orphan file when the ticket is deleted during uploads', async () => {
    for (let round = 0; round < 5; round++) {
      const ticket = await openTicket(alice);
      const uploads = Array.from({ length: 6 }, (_, i) => upload(ticket.id, i % 2 ? admin : alice, tinyPng(), `race-${i}.png`));
      await new Promise((resolve) => setTimeout(resolve, round * 3));
      const deleted = await server.api('DELETE', `/tickets/${ticket.id}`, { token: alice.token });
      expect(deleted.status).toBe(204);
      for (const res of await Promise.all(uploads)) expect([201, 404], JSON.stringify(res.body)).toContain(res.status);
    }
    const liveKeys = new Set((await server.ctx.db.attachment.findMany({ select: { storageKey: true } })).map((a) => a.storageKey));
    const orphans = filesUnder(path.join(server.dataDir, 'uploads')).filter((file) => !liveKeys.has(path.basename(file)));
    expect(orphans).toEqual([]);
  });

  it('lets an admin attach a file to any ticket', async () => {
    const ticket = await openTicket(alice);
    const attachment = await uploaded(ticket.id, admin, tinyPng(), 'answer.png');
    const asOwner = await server.api('GET', `/tickets/${ticket.id}`, { token: alice.token });
    expect(asOwner.body.attachments.map((a: AttachmentJson) => a.id)).toEqual([attachment.id]);
  });
});

describe('downloading attachments', () => {
  it('sends the exact bytes with the sniffed type, nosniff, and images inline', async () => {
    const ticket = await openTicket(alice);
    const png = tinyPng();
    const image = await uploaded(ticket.id, alice, png, 'screen shot.png');
    const res = await download(`/api/attachments/${image.id}`, alice.token);
    expect(res.status).toBe(200);
    expect(res.bytes.equals(png)).toBe(true);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-length')).toBe(String(png.length));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toBe('inline; filename="screen shot.png"');
  });

  it('sends everything that is not an image as a download', async () => {
    const ticket = await openTicket(alice);
    for (const [bytes, filename, mimeType] of [
      [PDF, 'invoice.pdf', 'application/pdf'],
      [Buffer.from('a,b\n1,2\n'), 'table.csv', 'text/csv'],
      // Named like a page, sniffed as text: the name must not decide the type it is served with.
      [Buffer.from('just some text\n'), 'page.html', 'text/plain'],
      [tinyZip(), 'logs.zip', 'application/zip'],
    ] as const) {
      const attachment = await uploaded(ticket.id, alice, bytes, filename);
      const res = await download(`/api/attachments/${attachment.id}`, admin.token);
      expect(res.status).toBe(200);
      expect(res.bytes.equals(bytes)).toBe(true);
      expect(res.headers.get('content-type')).toBe(mimeType);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=/);
      expect(res.headers.get('content-disposition')).toContain(filename);
    }
  });

  it('refuses a download without a token or a signature with 401', async () => {
    const ticket = await openTicket(alice);
    const attachment = await uploaded(ticket.id, alice, tinyPng(), 'pixel.png');
    const res = await download(`/api/attachments/${attachment.id}`);
    expect(res.status).toBe(401);
    expect(res.bytes.toString()).not.toContain('PNG');
    expect((await download(`/api/attachments/${attachment.id}`, 'not-a-token')).status).toBe(401);
  });

  it('serves the signed url without a token', async () => {
    const ticket = await openTicket(alice);
    const png = tinyPng();
    const attachment = await uploaded(ticket.id, alice, png, 'pixel.png');
    const res = await download(signedPath(attachment.url));
    expect(res.status).toBe(200);
    expect(res.bytes.equals(png)).toBe(true);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    // The URL in the ticket JSON works too.
    const fromTicket = (await server.api('GET', `/tickets/${ticket.id}`, { token: alice.token })).body.attachments[0] as AttachmentJson;
    expect((await download(signedPath(fromTicket.url))).status).toBe(200);
  });

  it('refuses a tampered, borrowed or expired signature with 401', async () => {
    const ticket = await openTicket(alice);
    const attachment = await uploaded(ticket.id, alice, 'secret\n', 'secret.txt');
    const other = await uploaded(ticket.id, alice, 'other\n', 'other.txt');
    const url = new URL(attachment.url);
    const signature = url.searchParams.get('signature')!;
    const expires = Number(url.searchParams.get('expires'));
    const tamperedSignature = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    for (const query of [
      `expires=${expires}&signature=${tamperedSignature}`,
      `expires=${expires}&signature=${signature.slice(0, -1)}`,
      `expires=${expires + 600}&signature=${signature}`,
      `expires=${expires}`,
      `signature=${signature}`,
    ]) {
      const res = await download(`/api/attachments/${attachment.id}?${query}`);
      expect(res.status, query).toBe(401);
      expect(res.bytes.toString()).not.toContain('secret');
    }
    // A signature is for one attachment only.
    expect((await download(`/api/attachments/${other.id}${url.search}`)).status).toBe(401);

    const expired = signAttachmentUrl(server.ctx, attachment.id, Date.now() - 3 * 60 * 60 * 1000);
    const expiredRes = await download(signedPath(expired));
    expect(expiredRes.status).toBe(401);
    expect(expiredRes.bytes.toString()).not.toContain('secret');
  });

  it("answers 404 to another customer's token, with or without the file existing", async () => {
    const ticket = await openTicket(alice);
    const attachment = await uploaded(ticket.id, alice, 'private\n', 'private.txt');
    const theirs = await download(`/api/attachments/${attachment.id}`, bob.token);
    const missing = await download('/api/attachments/01900000-0000-7000-8000-000000000000', bob.token);
    expect(theirs.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(JSON.parse(theirs.bytes.toString())).toEqual(JSON.parse(missing.bytes.toString()));
    expect((await download(`/api/attachments/${attachment.id}`, admin.token)).status).toBe(200);
  });
});

describe('deleting attachments', () => {
  it('lets the uploader delete their attachment and removes the file', async () => {
    const ticket = await openTicket(alice);
    const attachment = await uploaded(ticket.id, alice, tinyPng(), 'pixel.png');
    const file = await storedPathOf(attachment.id);
    expect(existsSync(file)).toBe(true);
    expect((await server.api('DELETE', `/attachments/${attachment.id}`, { token: alice.token })).status).toBe(204);
    expect(existsSync(file)).toBe(false);
    expect((await download(`/api/attachments/${attachment.id}`, alice.token)).status).toBe(404);
    expect((await download(signedPath(attachment.url))).status).toBe(404);
    expect((await server.api('GET', `/tickets/${ticket.id}`, { token: alice.token })).body.attachments).toEqual([]);
    expect((await server.api('DELETE', `/attachments/${attachment.id}`, { token: alice.token })).status).toBe(404);
  });

  it('answers one of two concurrent deletes with 204 and the other with 404', async () => {
    const ticket = await openTicket(alice);
    const attachment = await uploaded(ticket.id, alice, 'twice\n', 'twice.txt');
    const results = await Promise.all([
      server.api('DELETE', `/attachments/${attachment.id}`, { token: alice.token }),
      server.api('DELETE', `/attachments/${attachment.id}`, { token: admin.token }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([204, 404]);
  });

  it("lets an admin delete a customer's attachment and removes the file", async () => {
    const ticket = await openTicket(alice);
    const attachment = await uploaded(ticket.id, alice, 'hello\n', 'hello.txt');
    const file = await storedPathOf(attachment.id);
    expect((await server.api('DELETE', `/attachments/${attachment.id}`, { token: admin.token })).status).toBe(204);
    expect(existsSync(file)).toBe(false);
  });

  it("refuses the ticket's owner deleting a file the support team uploaded with 403", async () => {
    const ticket = await openTicket(alice);
    const attachment = await uploaded(ticket.id, admin, 'from support\n', 'answer.txt');
    const file = await storedPathOf(attachment.id);
    const res = await server.api('DELETE', `/attachments/${attachment.id}`, { token: alice.token });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect(existsSync(file)).toBe(true);
    expect((await download(`/api/attachments/${attachment.id}`, alice.token)).status).toBe(200);
  });

  it("answers 404 to another customer deleting an attachment, and 401 without a token", async () => {
    const ticket = await openTicket(alice);
    const attachment = await uploaded(ticket.id, alice, 'hello\n', 'hello.txt');
    const file = await storedPathOf(attachment.id);
    expect((await server.api('DELETE', `/attachments/${attachment.id}`, { token: bob.token })).status).toBe(404);
    expect((await server.api('DELETE', `/attachments/${attachment.id}`)).status).toBe(401);
    expect(existsSync(file)).toBe(true);
    expect((await download(`/api/attachments/${attachment.id}`, alice.token)).status).toBe(200);
  });
});
