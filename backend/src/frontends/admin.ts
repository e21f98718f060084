// The admin console: a static export of the Next.js app (basePath /admin).
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import { IMMUTABLE, notBuilt } from './paths.js';

export function mountAdmin(app: Express, dir: string): void {
  app.use(
    '/admin',
    express.static(dir, {
      extensions: ['html'],
      redirect: false,
      setHeaders: (res, file) => {
        res.setHeader('Cache-Control', file.includes(`${path.sep}_next${path.sep}static${path.sep}`) ? IMMUTABLE : 'no-cache');
      },
    }),
  );
  app.get(['/admin', '/admin/*splat'], (_req, res) => {
    const shell = path.join(dir, 'index.html');
    if (!existsSync(shell)) return notBuilt(res, 'admin console');
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(shell);
  });
  app.get('/', (_req, res) => res.redirect(302, '/admin'));
}
