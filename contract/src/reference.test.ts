import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { referenceMarkdown, REFERENCE_END, REFERENCE_START } from './reference.js';
import { routes } from './routes.js';

const docs = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');

describe('docs/api.md', () => {
  it('carries the index generated from the current route table and events (else run `npm run docs:api`)', () => {
    const start = docs.indexOf(REFERENCE_START);
    const end = docs.indexOf(REFERENCE_END);
    expect(start, 'the generated index is missing').toBeGreaterThan(-1);
    expect(docs.slice(start, end + REFERENCE_END.length)).toBe(referenceMarkdown());
  });

  it('describes every route in its prose too, not only in the index', () => {
    const prose = docs.slice(0, docs.indexOf(REFERENCE_START));
    // The prose may group routes ("PATCH/DELETE /api/sites/:id") and show queries ("/api/users?role=").
    const mentioned = (method: string, path: string) =>
      new RegExp(`\`(?:[A-Z]+/)*${method}(?:/[A-Z]+)* /api${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:[?\`\\s])`).test(prose);
    const missing = Object.keys(routes).filter((key) => {
      const [method, path] = key.split(' ') as [string, string];
      return !mentioned(method, path);
    });
    expect(missing).toEqual([]);
  });
});
