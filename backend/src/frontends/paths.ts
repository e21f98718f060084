// Where the built front-ends live, and how hashed files are cached. The widget (widget.ts) and the
// console (admin.ts) are served from the same origin as the API.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Response } from 'express';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface FrontendPaths {
  /** widget/dist: widget.js (loader), app.<hash>.js and other hashed files, portal.html. */
  widget: string;
  /** admin/out: the console's static export (basePath /admin). */
  admin: string;
}

export const DEFAULT_FRONTEND_PATHS: FrontendPaths = {
  widget: path.join(ROOT, 'widget/dist'),
  admin: path.join(ROOT, 'admin/out'),
};

/** Content-hashed files never change, so browsers may keep them for a year. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

export function notBuilt(res: Response, what: string) {
  res
    .status(503)
    .type('text/plain')
    .send(`The ${what} has not been built yet. Run "npm start" (it builds what is missing) or "npm run build".`);
}
