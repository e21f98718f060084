// DATA_DIR holds password hashes, site secrets and customers' files: nothing in it is for other users.
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { databaseTargetFor, startServer, type RunningServer } from '../server.js';
import { tinyPng } from '../test/fixtures.js';
import { createApi, GENEROUS_LIMITS, onPostgres } from '../test/harness.js';

/** Every path under `root` (itself included) that group or others may read, write or enter, with its mode. */
function openToOthers(root: string): string[] {
  const found: string[] = [];
  const visit = (entry: string) => {
    const stat = lstatSync(entry);
    if (stat.mode & 0o077) found.push(`${path.relative(root, entry) || '.'} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const name of readdirSync(entry)) visit(path.join(entry, name));
  };
  visit(root);
  return found;
}

const parent = mkdtempSync(path.join(tmpdir(), 'deskline-modes-'));
let server: RunningServer | undefined;
let umaskBefore: number;

beforeAll(() => {
  umaskBefore = process.umask();
});
beforeEach(() => {
  // What most systems give a process; the server must not depend on a stricter one.
  process.umask(0o022);
});
afterAll(async () => {
  await server?.close();
  process.umask(umaskBefore);
  rmSync(parent, { recursive: true, force: true });
});

describe.skipIf(onPostgres)('file modes in DATA_DIR', () => {
  it('after a start on a fresh DATA_DIR, writing data and uploading a file, nothing in it is open to group or others', { timeout: 90_000 }, async () => {
    const dataDir = path.join(parent, 'fresh');
    const config = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', BCRYPT_ROUNDS: '4' });
    server = await startServer({ config, database: databaseTargetFor(config), rateLimits: GENEROUS_LIMITS, log: () => {} });
    expect(openToOthers(dataDir)).toEqual([]);

    const api = createApi(server.url);
    const registered = await api('POST', '/auth/register', { body: { name: 'Mode Mia', email: 'mia@example.com', password: 'password123' } });
    expect(registered.status).toBe(201);
    const token = registered.body.token as string;
    const ticket = await api('POST', '/tickets', { token, body: { subject: 'Private files', description: 'Who can read my data?', category: 'technical' } });
    expect(ticket.status).toBe(201);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(tinyPng())], { type: 'image/png' }), 'screen.png');
    const uploaded = await api('POST', `/tickets/${ticket.body.id}/attachments`, { token, body: form });
    expect(uploaded.status).toBe(201);
    await server.close();
    server = undefined;

    expect(readdirSync(dataDir).sort()).toEqual(['db', 'jwt-secret', 'uploads']);
    expect(readdirSync(path.join(dataDir, 'uploads'))).toHaveLength(1);
    expect(openToOthers(dataDir)).toEqual([]);
  });

  it('a start on a DATA_DIR written with loose modes (by an older version) makes it private', { timeout: 90_000 }, async () => {
    const dataDir = path.join(parent, 'old');
    mkdirSync(path.join(dataDir, 'uploads', 'ab'), { recursive: true });
    writeFileSync(path.join(dataDir, 'uploads', 'ab', 'abcdef'), 'an old upload');
    mkdirSync(path.join(dataDir, 'db'));
    writeFileSync(path.join(dataDir, 'db', 'world-writable'), 'loose', { mode: 0o666 });
    chmodSync(path.join(dataDir, 'db', 'world-writable'), 0o666);
    expect(openToOthers(dataDir)).toHaveLength(6);

    const config = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', BCRYPT_ROUNDS: '4' });
    server = await startServer({ config, database: databaseTargetFor(config), rateLimits: GENEROUS_LIMITS, log: () => {} });
    await server.close();
    server = undefined;
    expect(openToOthers(dataDir)).toEqual([]);
  });
});
