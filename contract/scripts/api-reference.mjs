// `npm run docs:api`: rewrites the generated index of docs/api.md from the built contract.
import { readFileSync, writeFileSync } from 'node:fs';
import { withReference } from '../dist/index.js';

const file = new URL('../../docs/api.md', import.meta.url);
const before = readFileSync(file, 'utf8');
const after = withReference(before);
if (after === before) console.log('docs/api.md: the generated index is up to date');
else {
  writeFileSync(file, after);
  console.log('docs/api.md: the generated index was rewritten');
}
