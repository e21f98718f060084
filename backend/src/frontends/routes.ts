// Mounts every front-end on the app, after the API.
import type { Express } from 'express';
import { mountAdmin } from './admin.js';
import { DEFAULT_FRONTEND_PATHS, type FrontendPaths } from './paths.js';
import { mountWidget } from './widget.js';

export type { FrontendPaths };

export function mountFrontends(app: Express, paths: FrontendPaths = DEFAULT_FRONTEND_PATHS): void {
  mountWidget(app, paths.widget);
  mountAdmin(app, paths.admin);
}
