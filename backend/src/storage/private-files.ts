// Files in DATA_DIR hold password hashes, site secrets and the signing secret: they are private to
// the server's user, and a file that others read (the secret, the lock) is written whole or not at all.
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
/** What new files and directories of this process must not grant: anything to group or others. */
export const PRIVATE_UMASK = 0o077;

/** Creates `dir` (and missing parents) as 0700, and takes group/other access away if it exists. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  tighten(dir, PRIVATE_DIR_MODE);
}

/**
 * Takes group/other access away from everything under `root` (itself included): data written by an
 * older version, or by a process with a looser umask. Symbolic links are left alone.
 */
export function makeTreePrivate(root: string): void {
  const stat = lstatSync(root, { throwIfNoEntry: false });
  if (!stat || stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    tighten(root, stat.mode);
    for (const entry of readdirSync(root)) makeTreePrivate(path.join(root, entry));
  } else if (stat.mode & 0o077) {
    tighten(root, stat.mode);
  }
}

function tighten(target: string, mode: number): void {
  try {
    chmodSync(target, mode & 0o700);
  } catch (error) {
    // A directory the operator made and owns (a mount point): not ours to change.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
  }
}

/**
 * Creates `file` holding `content` (mode 0600) unless it exists, and says whether it did. The content
 * goes to a temporary file first, which is then linked to its name: link() is atomic and never
 * replaces an existing file, so a crash leaves no empty or half-written file, and of two processes
 * creating the same file at once exactly one succeeds and the other reads the winner's whole content.
 */
export function createFileAtomically(file: string, content: string): boolean {
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeWhole(temporary, content);
    linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** Replaces `file` with `content` (mode 0600) in one step: readers see the old or the new content, whole. */
export function replaceFileAtomically(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeWhole(temporary, content);
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}

function writeWhole(file: string, content: string): void {
  const fd = openSync(file, 'wx', PRIVATE_FILE_MODE);
  try {
    writeSync(fd, content);
    fsyncSync(fd); // so that a power cut cannot leave the name pointing at empty data
  } finally {
    closeSync(fd);
  }
}
