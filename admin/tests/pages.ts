// The console's pages, read from the app's own routes, so that a page added later is covered by
// the specs that go through every one of them.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './server';

/** Console URLs under `part` of the signed-in app (`''` for all of them, `'settings'` for the admins'). */
export function consolePages(part = ''): string[] {
  const dir = path.join(ROOT, 'admin/app/(console)', part);
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => path.basename(file) === 'page.tsx')
    .map((file) => path.posix.join('/admin', part, path.dirname(file).split(path.sep).join('/')))
    .sort();
}
