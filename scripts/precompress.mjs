// Writes `<file>.br` and `<file>.gz` beside every text asset of a built front-end, at maximum
// quality, so the server sends them as they are instead of compressing on every request.
// Used by the widget's rollup build and the console's build: `node scripts/precompress.mjs <dir>`.
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Text formats; images, fonts and archives are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|html|json|txt|svg|map|xml|webmanifest)$/i;
/** Below this a response fits in one packet anyway, and the headers cost more than the saving. */
const MIN_BYTES = 256;

/** Compresses one file; returns the variants written (none when compressing would not save bytes). */
export function precompressFile(file) {
  const source = readFileSync(file);
  const variants = [
    ['.br', brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: source.length } })],
    ['.gz', gzipSync(source, { level: constants.Z_BEST_COMPRESSION })],
  ];
  const written = [];
  for (const [suffix, bytes] of variants) {
    // A stale variant of an earlier build must never outlive its original's new content.
    rmSync(file + suffix, { force: true });
    if (source.length < MIN_BYTES || bytes.length >= source.length) continue;
    writeFileSync(file + suffix, bytes);
    written.push(file + suffix);
  }
  return written;
}

export const isCompressible = (file) => COMPRESSIBLE.test(file);

/** Every compressible file under `dir`, recursively. */
export function precompressDir(dir) {
  let count = 0;
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) count += precompressDir(file);
    else if (isCompressible(file)) count += precompressFile(file).length > 0 ? 1 : 0;
  }
  return count;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/precompress.mjs <directory>');
    process.exit(2);
  }
  precompressDir(path.resolve(dir));
}
