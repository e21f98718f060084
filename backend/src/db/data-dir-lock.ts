// A lock file in DATA_DIR: the embedded database may be opened by one process at a time.
//
// `server.pid` holds "<pid> <nonce>" and is only ever created whole and exclusively (link(), see
// createFileAtomically), so of processes starting at once exactly one creates it. A lock whose
// process is gone (kill -9, power cut) is stale; replacing it is the racy part, so only the process
// that exclusively creates `server.pid.takeover-<nonce of that stale lock>` may replace that very
// lock: two processes seeing the same stale lock cannot both win. We wrote this rather than use
// proper-lockfile: its staleness is by mtime (a busy event loop loses the lock) and its stale
// takeover removes and re-creates the lock, which lets two processes both win.
import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createFileAtomically, replaceFileAtomically } from '../storage/private-files.js';

export class DataDirLockedError extends Error {}

interface LockRecord {
  pid: number;
  /** Names this one lock: a new lock is a new nonce, even from a reused pid. */
  id: string;
}

type Attempt = { won: true } | { won: false; holder: LockRecord } | { won: false; retry: true };

/** Nonces of the locks this process holds, so that it never takes its own lock for a stale one. */
const heldHere = new Set<string>();

export function acquireDataDirLock(dataDir: string): () => Promise<void> {
  const file = path.join(dataDir, 'server.pid');
  const mine: LockRecord = { pid: process.pid, id: randomBytes(12).toString('hex') };
  // Each retry means another process changed the lock under us, and then holds it or gave it up.
  for (let attempt = 0; attempt < 50; attempt++) {
    const result = claim(file, mine);
    if (result.won) {
      heldHere.add(mine.id);
      return async () => release(file, mine);
    }
    if ('holder' in result) throw lockedError(dataDir, file, result.holder);
  }
  throw new DataDirLockedError(`The lock file ${file} keeps changing: another Deskline process is starting or stopping on this DATA_DIR.`);
}

/** Creates `file` as `mine`, or replaces a stale one, the same way at every level. */
function claim(file: string, mine: LockRecord): Attempt {
  if (createFileAtomically(file, `${mine.pid} ${mine.id}\n`)) return { won: true };
  const current = readLock(file);
  if (!current) return { won: false, retry: true }; // released meanwhile
  if (isHeld(current)) return { won: false, holder: current };
  // Stale. Whoever creates the takeover file for this very lock may replace it; the takeover file
  // is itself a lock (left stale if its maker was killed, then taken over by the same rule).
  const takeover = `${file}.takeover-${current.id}`;
  const claimed = claim(takeover, mine);
  if (!claimed.won) return claimed;
  try {
    // Someone who held the takeover file before us may already have replaced the stale lock.
    if (readLock(file)?.id !== current.id) return { won: false, retry: true };
    replaceFileAtomically(file, `${mine.pid} ${mine.id}\n`);
    return { won: true };
  } finally {
    rmSync(takeover, { force: true });
  }
}

function readLock(file: string): LockRecord | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const [pid, id] = readFileSync(fd, 'utf8').trim().split(/\s+/);
    // A lock written by an older version holds only a pid: its inode names it.
    return { pid: Number(pid) || 0, id: id && /^[0-9a-f]+$/.test(id) ? id : `inode${fstatSync(fd).ino}` };
  } finally {
    closeSync(fd);
  }
}

function isHeld(lock: LockRecord): boolean {
  // Our own pid on a lock we do not hold: left by an earlier process that had our pid (a container restarted).
  if (lock.pid === process.pid) return heldHere.has(lock.id);
  return lock.pid > 0 && isAlive(lock.pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function release(file: string, mine: LockRecord): void {
  if (!heldHere.delete(mine.id)) return;
  if (readLock(file)?.id === mine.id) rmSync(file, { force: true });
}

function lockedError(dataDir: string, file: string, holder: LockRecord): DataDirLockedError {
  const who = holder.pid === process.pid ? 'this process' : `another Deskline process (pid ${holder.pid})`;
  return new DataDirLockedError(
    `The embedded database in ${dataDir} is in use by ${who}. ` +
      'Stop it first, use another DATA_DIR, or set DATABASE_URL to share PostgreSQL between instances. ' +
      `(If no Deskline process is running, delete ${file}.)`,
  );
}
