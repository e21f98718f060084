// Where uploaded files live: DATA_DIR/uploads, outside any served folder. An interface, so that an
// S3-compatible store can replace it.
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { makeTreePrivate, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './private-files.js';

export interface FileStorage {
  /** Stores the bytes under a new random key and returns it. */
  put(bytes: Buffer): Promise<string>;
  open(key: string): Promise<Readable>;
  remove(key: string): Promise<void>;
}

/** Keys are ours (random UUIDs): anything else is refused before it can touch the file system. */
const KEY_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class LocalFileStorage implements FileStorage {
  constructor(private readonly root: string) {
    // Files stored by an older version were readable by every user of the machine.
    makeTreePrivate(root);
  }

  async put(bytes: Buffer): Promise<string> {
    const key = randomUUID();
    const file = this.pathFor(key);
    // Private whatever the process umask: uploads are the customers' files.
    await mkdir(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
    await writeFile(file, bytes, { flag: 'wx', mode: PRIVATE_FILE_MODE });
    return key;
  }

  async open(key: string): Promise<Readable> {
    const file = this.pathFor(key);
    await stat(file); // fail here, not mid-response, when the file is gone
    return createReadStream(file);
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathFor(key), { force: true });
  }

  /** Two-level fan-out (ab/abcdef…) keeps directories small. */
  pathFor(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new Error(`Invalid storage key: ${JSON.stringify(key)}`);
    const file = path.resolve(this.root, key.slice(0, 2), key);
    if (!file.startsWith(path.resolve(this.root) + path.sep)) throw new Error('Storage key escapes the root');
    return file;
  }
}
