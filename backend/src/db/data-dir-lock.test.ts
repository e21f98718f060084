// The DATA_DIR lock under real contention: separate processes, started at the same instant.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { onPostgres } from '../test/harness.js';
import { acquireDataDirLock, DataDirLockedError } from './data-dir-lock.js';

const BACKEND = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WORKER = path.join(BACKEND, 'src/test/data-dir-lock-worker.ts');

interface Contender {
  child: ChildProcess;
  /** The next line the process prints. */
  next(): Promise<string>;
  exited: Promise<number | null>;
}

const children = new Set<ChildProcess>();
const dirs: string[] = [];
afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'deskline-lock-'));
  dirs.push(dir);
  return dir;
}

function contender(dataDir: string): Contender {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, dataDir], { cwd: BACKEND, stdio: ['pipe', 'pipe', 'inherit'] });
  children.add(child);
  const queued: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const waiter = waiting.shift();
    if (waiter) waiter(line);
    else queued.push(line);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => (children.delete(child), resolve(code))));
  return {
    child,
    next: () => (queued.length ? Promise.resolve(queued.shift()!) : new Promise((resolve) => waiting.push(resolve))),
    exited,
  };
}

/** Starts `count` processes that race for the lock `rounds` times; `before` sets the stage of each round. */
async function race(dataDir: string, count: number, rounds: number, before: () => void = () => {}) {
  const contenders = Array.from({ length: count }, () => contender(dataDir));
  for (const c of contenders) expect(await c.next()).toBe('ready');
  const results: { winners: (number | undefined)[]; holderPid: string | undefined; outcomes: string[] }[] = [];
  for (let round = 0; round < rounds; round++) {
    before();
    const at = Date.now() + 100;
    for (const c of contenders) c.child.stdin!.write(`go ${at}\n`);
    const outcomes = await Promise.all(contenders.map((c) => c.next()));
    const winners = contenders.filter((_, i) => outcomes[i] === 'won').map((c) => c.child.pid);
    const holderPid = winners.length ? readFileSync(path.join(dataDir, 'server.pid'), 'utf8').split(/\s/)[0] : undefined;
    results.push({ winners, holderPid, outcomes });
    for (const c of contenders) c.child.stdin!.write('release\n');
    for (const c of contenders) expect(await c.next()).toBe('released');
  }
  for (const c of contenders) c.child.stdin!.write('exit\n');
  await Promise.all(contenders.map((c) => c.exited));
  return results;
}

describe.skipIf(onPostgres)('the DATA_DIR lock', () => {
  it('of 20 processes starting at once on a fresh DATA_DIR, exactly one gets it', { timeout: 180_000 }, async () => {
    const dataDir = tempDataDir();
    const rounds = await race(dataDir, 20, 10);
    for (const { winners, outcomes, holderPid } of rounds) {
      expect(winners, outcomes.join('\n')).toHaveLength(1);
      expect(holderPid).toBe(String(winners[0]));
      for (const outcome of outcomes.filter((o) => o !== 'won')) expect(outcome).toMatch(/^lost .*is in use by another Deskline process \(pid \d+\)/);
    }
  });

  it('after its holder was killed with SIGKILL, exactly one of 20 processes starting at once takes it over', { timeout: 180_000 }, async () => {
    const dataDir = tempDataDir();
    const killed = contender(dataDir);
    expect(await killed.next()).toBe('ready');
    killed.child.stdin!.write(`go ${Date.now()}\n`);
    expect(await killed.next()).toBe('won');
    killed.child.kill('SIGKILL');
    await killed.exited;
    // kill -9 leaves its lock behind, naming a process that is gone.
    expect(readFileSync(path.join(dataDir, 'server.pid'), 'utf8').split(' ')[0]).toBe(String(killed.child.pid));

    const staleLock = readFileSync(path.join(dataDir, 'server.pid'));

    // Every round starts from the lock the killed process left behind.
    const rounds = await race(dataDir, 20, 10, () => writeFileSync(path.join(dataDir, 'server.pid'), staleLock));
    for (const { winners, outcomes, holderPid } of rounds) {
      expect(winners, outcomes.join('\n')).toHaveLength(1);
      expect(holderPid).toBe(String(winners[0]));
    }
  });

  it('refuses a second holder in the same process, and is free again once released', async () => {
    const dataDir = tempDataDir();
    const release = acquireDataDirLock(dataDir);
    expect(() => acquireDataDirLock(dataDir)).toThrow(DataDirLockedError);
    expect(() => acquireDataDirLock(dataDir)).toThrow(/in use by this process/);
    await release();
    await acquireDataDirLock(dataDir)();
  });

  it('takes over a stale lock left by an older version (a bare pid, or an empty file)', async () => {
    for (const stale of ['999999999\n', '']) {
      const dataDir = tempDataDir();
      writeFileSync(path.join(dataDir, 'server.pid'), stale);
      const release = acquireDataDirLock(dataDir);
      expect(readFileSync(path.join(dataDir, 'server.pid'), 'utf8')).toMatch(new RegExp(`^${process.pid} [0-9a-f]+\\n$`));
      await release();
    }
  });

  it('takes over a stale lock whose takeover was cut short by a kill, and leaves no takeover file', async () => {
    const dataDir = tempDataDir();
    const file = path.join(dataDir, 'server.pid');
    writeFileSync(file, '999999999 abc123\n');
    writeFileSync(`${file}.takeover-abc123`, '999999998 def456\n');
    const release = acquireDataDirLock(dataDir);
    expect(readFileSync(file, 'utf8')).toMatch(new RegExp(`^${process.pid} `));
    expect(readdirSync(dataDir)).toEqual(['server.pid']);
    await release();
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('a second `npm start` on the same DATA_DIR stops with a message naming the running process', { timeout: 90_000 }, async () => {
    const dataDir = tempDataDir();
    const holder = contender(dataDir);
    expect(await holder.next()).toBe('ready');
    holder.child.stdin!.write(`go ${Date.now()}\n`);
    expect(await holder.next()).toBe('won');

    const second = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      cwd: BACKEND,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), NODE_ENV: 'development', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(second);
    let output = '';
    second.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    second.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    expect(code, output).toBe(1);
    expect(output).toContain(
      `Deskline could not start: The embedded database in ${dataDir} is in use by another Deskline process (pid ${holder.child.pid}).`,
    );
    expect(output).not.toContain('Deskline is running');
    holder.child.stdin!.write('exit\n');
    await holder.exited;
  });
});
