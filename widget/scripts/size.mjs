// Prints the gzip sizes of the loader and of everything the widget loads, and fails when a budget
// is exceeded (the widget's test script runs it, so CI fails too). Run after `npm run build`.
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url);
const BUDGETS = { loader: 2 * 1024, total: 40 * 1024 };

if (!existsSync(new URL('manifest.json', dist))) {
  console.error('widget/dist is missing: run "npm run build -w widget" first.');
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(new URL('manifest.json', dist), 'utf8'));
const measure = (file) => {
  const bytes = readFileSync(new URL(file, dist));
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};
const loader = measure(manifest.loader);
const files = [loader, ...manifest.app.map(measure)];
const total = files.reduce((sum, f) => sum + f.gzip, 0);
const kb = (n) => `${(n / 1024).toFixed(2)} KB`;

console.log('file'.padEnd(24), 'minified'.padStart(10), 'gzip'.padStart(10));
for (const f of files) console.log(f.file.padEnd(24), kb(f.raw).padStart(10), kb(f.gzip).padStart(10));
console.log('everything the widget loads'.padEnd(35), kb(total).padStart(10));
console.log(`budgets: loader ≤ ${kb(BUDGETS.loader)}, everything ≤ ${kb(BUDGETS.total)} (gzip)`);

const over = [
  loader.gzip > BUDGETS.loader && `the loader is ${kb(loader.gzip)} gzip, over its ${kb(BUDGETS.loader)} budget`,
  total > BUDGETS.total && `the widget loads ${kb(total)} gzip, over its ${kb(BUDGETS.total)} budget`,
].filter(Boolean);
if (over.length) {
  over.forEach((line) => console.error(`Size budget exceeded: ${line}`));
  process.exit(1);
}
