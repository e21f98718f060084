// The widget loader a site owner pastes, its content-hashed bundles, and the customer portal.
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import { IMMUTABLE, notBuilt } from './paths.js';
import { precompressedFiles, sendBuiltFile } from './precompressed.js';

/** A content-hashed file, or its precompressed variant. */
const HASHED_FILE = /\.[0-9a-z]{8,}\.(js|css|json|woff2?|png|svg)(\.br|\.gz)?$/i;

export function mountWidget(app: Express, dir: string): void {
  // The loader: short cache, so a new release reaches every site quickly.
  app.get('/widget.js', (req, res) => {
    const file = path.join(dir, 'widget.js');
    if (!existsSync(file)) return notBuilt(res, 'widget');
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.setHeader('Access-Control-Allow-Origin', '*');
    sendBuiltFile(req, res, file);
  });
  app.use(
    '/widget',
    precompressedFiles(dir),
    express.static(dir, {
      index: false,
      setHeaders: (res, file) => {
        res.setHeader('Cache-Control', HASHED_FILE.test(file) ? IMMUTABLE : 'public, max-age=300');
        // TypeScript declarations are text (by extension alone, `.ts` would be an MPEG stream).
        if (file.endsWith('.d.ts')) res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        // Public code that other sites load: CORS lets them use module scripts and integrity checks.
        res.setHeader('Access-Control-Allow-Origin', '*');
      },
    }),
  );
  app.get(['/portal', '/portal/*splat'], (req, res) => {
    const file = path.join(dir, 'portal.html');
    if (!existsSync(file)) return notBuilt(res, 'portal');
    res.setHeader('Cache-Control', 'no-cache');
    sendBuiltFile(req, res, file);
  });
}
