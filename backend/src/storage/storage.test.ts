import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFileStorage } from './storage.js';

let dir: string;
let root: string;
let storage: LocalFileStorage;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'deskline-storage-'));
  root = path.join(dir, 'uploads');
  storage = new LocalFileStorage(root);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

describe('LocalFileStorage', () => {
  it('puts, opens and removes a file by its key', async () => {
    const bytes = Buffer.from([0x00, 0xff, 0x10, 0x41, 0x42, 0x0a]);
    const key = await storage.put(bytes);
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect((await readAll(await storage.open(key))).equals(bytes)).toBe(true);

    await storage.remove(key);
    await expect(storage.open(key)).rejects.toThrow();
    // Removing twice is harmless.
    await expect(storage.remove(key)).resolves.toBeUndefined();
  });

  it('stores every put under a new random key, never overwriting', async () => {
    const first = await storage.put(Buffer.from('same'));
    const second = await storage.put(Buffer.from('same'));
    expect(first).not.toBe(second);
    await storage.remove(first);
    expect((await readAll(await storage.open(second))).toString()).toBe('same');
    await storage.remove(second);
  });

  it('keeps large files intact', async () => {
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) & 0xff;
    const key = await storage.put(bytes);
    expect((await readAll(await storage.open(key))).equals(bytes)).toBe(true);
    await storage.remove(key);
  });

  it('writes files below the root, fanned out by the first two characters, readable only by the owner', async () => {
    const key = await storage.put(Buffer.from('private'));
    const file = storage.pathFor(key);
    expect(file).toBe(path.join(root, key.slice(0, 2), key));
    expect(readdirSync(path.join(root, key.slice(0, 2)))).toContain(key);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    await storage.remove(key);
  });

  it('maps a valid key to a path inside the root', () => {
    const key = randomUUID();
    const file = storage.pathFor(key);
    expect(file.startsWith(path.resolve(root) + path.sep)).toBe(true);
    expect(path.basename(file)).toBe(key);
  });

  it.each([
    ['a parent-directory path', '../x'],
    ['a nested traversal', `../../${randomUUID()}`],
    ['a traversal hidden after a uuid', `${randomUUID()}/../../x`],
    ['an absolute path', '/etc/passwd'],
    ['an absolute path ending in a uuid', `/tmp/${randomUUID()}`],
    ['a Windows path', `C:\\${randomUUID()}`],
    ['a non-uuid name', 'passwd'],
    ['an empty key', ''],
    ['a dot', '.'],
    ['an upper-case uuid', randomUUID().toUpperCase()],
    ['a uuid with a trailing newline', `${randomUUID()}\n`],
    ['a uuid with a suffix', `${randomUUID()}.png`],
    ['a uuid with a NUL byte', `${randomUUID()}\u0000`],
  ])('refuses %s as a key', async (_label, key) => {
    expect(() => storage.pathFor(key)).toThrow(/Invalid storage key/);
    await expect(storage.open(key)).rejects.toThrow(/Invalid storage key/);
    await expect(storage.remove(key)).rejects.toThrow(/Invalid storage key/);
  });

  it('fails to open a key that was never stored', async () => {
    await expect(storage.open(randomUUID())).rejects.toThrow();
  });

  it('creates its root on first put', async () => {
    const fresh = new LocalFileStorage(path.join(dir, 'not', 'yet', 'there'));
    const key = await fresh.put(Buffer.from('hello'));
    expect((await readAll(await fresh.open(key))).toString()).toBe('hello');
    await fresh.remove(key);
  });

  it('keeps stored files private to the server (0600 files, 0700 directories) whatever the umask', async () => {
    const before = process.umask(0);
    try {
      const fresh = new LocalFileStorage(path.join(dir, 'private', 'uploads'));
      const key = await fresh.put(Buffer.from('secret'));
      const file = fresh.pathFor(key);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
      expect(statSync(path.join(dir, 'private', 'uploads')).mode & 0o777).toBe(0o700);
    } finally {
      process.umask(before);
    }
  });
});
