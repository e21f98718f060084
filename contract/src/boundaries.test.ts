// The workspaces' boundaries: the front ends talk to the server only through this contract, and the
// contract's browser entry points stay free of zod (the widget's size budget depends on it).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCE = /\.(ts|tsx|mts|js|mjs)$/;

function filesUnder(dir: string): string[] {
  const full = path.join(ROOT, dir);
  try {
    if (!statSync(full).isDirectory()) return [];
  } catch {
    return [];
  }
  return readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    if (['node_modules', 'dist', 'out', '.next', 'test-results'].includes(entry.name)) return [];
    const rel = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(rel) : SOURCE.test(entry.name) ? [rel] : [];
  });
}

interface Import {
  specifier: string;
  typeOnly: boolean;
}

/** Static imports, re-exports, dynamic imports and requires of a source file. */
function importsOf(file: string): Import[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const found: Import[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?\sfrom\s+['"]([^'"]+)['"]/gm)) {
    found.push({ specifier: m[3]!, typeOnly: Boolean(m[2]) });
  }
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) found.push({ specifier: m[1]!, typeOnly: false });
  for (const m of text.matchAll(/\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push({ specifier: m[1]!, typeOnly: false });
  return found;
}

/** The file a relative specifier names, as a path from the root (`.js` written for a `.ts` file). */
function resolve(from: string, specifier: string): string {
  return path.normalize(path.join(path.dirname(from), specifier));
}

const reachesBackend = (file: string, specifier: string) =>
  specifier.startsWith('@deskline/backend') || (specifier.startsWith('.') && resolve(file, specifier).split(path.sep)[0] === 'backend');

describe('workspace boundaries', () => {
  const frontEnds = ['widget/src', 'widget/tests', 'widget/bench', 'admin/src', 'admin/app', 'admin/tests', 'contract/src'].flatMap(filesUnder);

  it('finds the front ends to check', () => {
    expect(frontEnds.filter((f) => f.startsWith('widget/')).length).toBeGreaterThan(10);
    expect(frontEnds.filter((f) => f.startsWith('admin/')).length).toBeGreaterThan(10);
  });

  it('the widget, the console and the contract import nothing from backend/', () => {
    const offending = frontEnds.flatMap((file) =>
      importsOf(file)
        .filter(({ specifier }) => reachesBackend(file, specifier))
        .map(({ specifier }) => `${file} → ${specifier}`),
    );
    expect(offending).toEqual([]);
  });

  it('the contract\'s browser entry points import no zod at run time, directly or through other modules', () => {
    const visited = new Set<string>();
    const offending: string[] = [];
    const visit = (file: string) => {
      if (visited.has(file)) return;
      visited.add(file);
      for (const { specifier, typeOnly } of importsOf(file)) {
        if (typeOnly) continue;
        if (specifier === 'zod' || specifier.startsWith('zod/')) offending.push(`${file} → ${specifier}`);
        if (specifier.startsWith('.')) visit(resolve(file, specifier).replace(/\.js$/, '.ts'));
      }
    };
    visit('contract/src/client/index.ts');
    visit('contract/src/limits.ts');
    expect(visited.size).toBeGreaterThan(3);
    expect(offending).toEqual([]);
  });
});
