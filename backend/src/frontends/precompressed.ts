// Sends a built file's precompressed variant (`<file>.br`, `<file>.gz`, written at build time by
// scripts/precompress.mjs) to clients that accept it, so static files are never compressed per request.
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Request, RequestHandler, Response } from 'express';

export type Encoding = 'br' | 'gzip';

/** Best first: brotli is the smaller on every asset we ship. */
const VARIANTS: { encoding: Encoding; suffix: string }[] = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
];

/**
 * The encoding to send, among those available, for an Accept-Encoding header: the highest q-value
 * wins (RFC 9110 §12.5.3), br before gzip on a tie; undefined means identity.
 */
export function preferredEncoding(header: string | undefined, available: readonly Encoding[]): Encoding | undefined {
  if (!header) return undefined;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!name) continue;
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (encoding: Encoding) =>
    weights.get(encoding) ?? (encoding === 'gzip' ? weights.get('x-gzip') : undefined) ?? weights.get('*') ?? 0;
  let best: Encoding | undefined;
  for (const { encoding } of VARIANTS) {
    if (!available.includes(encoding)) continue;
    if (weightOf(encoding) > 0 && (best === undefined || weightOf(encoding) > weightOf(best))) best = encoding;
  }
  return best;
}

const isFile = (file: string) => statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;

/**
 * Which file to send for `file`. When it has variants, the response varies by Accept-Encoding;
 * when one is chosen, its Content-Encoding is set and its Content-Type is the original's (send()
 * keeps a Content-Type already set, and derives Content-Length and the ETag from the variant, so a
 * compressed response never shares the identity's ETag).
 */
export function chooseVariant(req: Request, res: Response, file: string): string {
  const available = VARIANTS.filter(({ suffix }) => isFile(file + suffix));
  if (available.length === 0) return file;
  res.vary('Accept-Encoding');
  const encoding = preferredEncoding(req.headers['accept-encoding'], available.map((v) => v.encoding));
  const variant = available.find((v) => v.encoding === encoding);
  if (!variant) return file;
  res.type(path.extname(file));
  res.setHeader('Content-Encoding', variant.encoding);
  return file + variant.suffix;
}

/** res.sendFile for a built file, precompressed when the client accepts it. */
export function sendBuiltFile(req: Request, res: Response, file: string): void {
  res.sendFile(chooseVariant(req, res, file));
}

/**
 * Put before express.static(dir): a request for a file that has a precompressed variant the client
 * accepts is rewritten to that variant, which express.static then serves with its usual caching.
 * `extensions` mirrors express.static's option (`/admin/inbox` → inbox.html).
 */
export function precompressedFiles(dir: string, options: { extensions?: string[] } = {}): RequestHandler {
  const root = path.resolve(dir);
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let requested: string;
    try {
      requested = decodeURIComponent(req.path);
    } catch {
      return next(); // express.static answers a malformed path itself
    }
    for (const candidate of [requested, ...(options.extensions ?? []).map((ext) => `${requested}.${ext}`)]) {
      const file = path.join(root, candidate);
      if (!file.startsWith(`${root}${path.sep}`) || !isFile(file)) continue;
      const sent = chooseVariant(req, res, file);
      if (sent !== file) {
        const query = req.url.indexOf('?');
        const encoded = path.relative(root, sent).split(path.sep).map(encodeURIComponent).join('/');
        req.url = `/${encoded}${query >= 0 ? req.url.slice(query) : ''}`;
      }
      return next();
    }
    next();
  };
}
