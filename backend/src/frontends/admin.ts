// The admin console: a static export of the Next.js app (basePath /admin).
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express, type Request, type Response } from 'express';
import { IMMUTABLE, notBuilt } from './paths.js';
import { precompressedFiles, sendBuiltFile } from './precompressed.js';

/**
 * The console's own Content-Security-Policy. Next's static export bootstraps each page with inline
 * scripts, so /admin (and only /admin) allows inline scripts; everything else stays on this origin.
 */
function consolePolicy(secure: boolean): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(secure ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

export function mountAdmin(app: Express, dir: string): void {
  app.use('/admin', (req, res, next) => {
    res.setHeader('Content-Security-Policy', consolePolicy(req.secure));
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  });
  app.use(
    '/admin',
    precompressedFiles(dir, { extensions: ['html'] }),
    express.static(dir, {
      extensions: ['html'],
      redirect: false,
      setHeaders: (res, file) => {
        res.setHeader('Cache-Control', file.includes(`${path.sep}_next${path.sep}static${path.sep}`) ? IMMUTABLE : 'no-cache');
      },
    }),
  );
  // Pages are exported as /admin/inbox.html and linked as /admin/inbox: drop a trailing slash.
  app.get('/admin/*splat', (req, res, next) => {
    if (!req.path.endsWith('/')) return next();
    const queryAt = req.originalUrl.indexOf('?');
    res.redirect(308, `${req.path.replace(/\/+$/, '')}${queryAt >= 0 ? req.originalUrl.slice(queryAt) : ''}`);
  });
  app.get(['/admin', '/admin/*splat'], (req, res) => {
    // /admin/inbox is inbox.html beside an inbox/ folder (its route data), which the static
    // middleware declines as a directory: serve the page itself.
    const page = path.resolve(dir, `.${req.path.slice('/admin'.length)}.html`);
    if (page.startsWith(`${path.resolve(dir)}${path.sep}`) && existsSync(page)) return sendPage(req, res, page);
    // A path the export does not have: its "not found" page when built, else the app shell.
    const notFound = path.join(dir, '404.html');
    if (req.path !== '/admin' && existsSync(notFound)) return sendPage(req, res.status(404), notFound);
    const shell = path.join(dir, 'index.html');
    if (!existsSync(shell)) return notBuilt(res, 'admin console');
    sendPage(req, res, shell);
  });
  app.get('/', (_req, res) => res.redirect(302, '/admin'));
}

function sendPage(req: Request, res: Response, file: string) {
  res.setHeader('Cache-Control', 'no-cache');
  sendBuiltFile(req, res, file);
}
