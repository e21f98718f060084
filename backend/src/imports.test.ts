// The features' modules are layered: a circle of imports between them (tickets → attachments →
// tickets…) means no one can say which rule lives where. This reads the imports of backend/src.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = path.dirname(fileURLToPath(import.meta.url));

/** Every module of src/<feature>/ but tests, as a path relative to src. */
function featureModules(): string[] {
  return readdirSync(src, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !['generated', 'test'].includes(entry.name))
    .flatMap((dir) =>
      readdirSync(path.join(src, dir.name))
        .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
        .map((file) => `${dir.name}/${file}`),
    );
}

/** The relative modules a file imports or re-exports, types included: `… from './x.js'`, `import('./x.js')`. */
function importsOf(file: string, code: string): string[] {
  const specifiers = [...code.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s*['"](\.[^'"]+)['"]/gm), ...code.matchAll(/\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g)];
  return specifiers.map((match) => path.posix.join(path.posix.dirname(file), match[1]!.replace(/\.js$/, '.ts')));
}

/** The circles in a graph, one per strongly connected component of two or more modules (Tarjan). */
function circlesIn(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const circles: string[][] = [];
  const visit = (module: string) => {
    index.set(module, next);
    low.set(module, next++);
    stack.push(module);
    for (const dependency of graph.get(module) ?? []) {
      if (!graph.has(dependency)) continue;
      if (!index.has(dependency)) {
        visit(dependency);
        low.set(module, Math.min(low.get(module)!, low.get(dependency)!));
      } else if (stack.includes(dependency)) {
        low.set(module, Math.min(low.get(module)!, index.get(dependency)!));
      }
    }
    if (low.get(module) !== index.get(module)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      component.push(member);
    } while (member !== module);
    if (component.length > 1) circles.push(component.sort());
  };
  for (const module of graph.keys()) if (!index.has(module)) visit(module);
  return circles;
}

describe('imports between features', () => {
  it('finds a circle when there is one', () => {
    const graph = new Map(
      Object.entries({
        'tickets/service.ts': importsOf('tickets/service.ts', "import { storeAttachments } from '../attachments/service.js';"),
        'attachments/service.ts': importsOf('attachments/service.ts', "import {\n  findVisibleTicket,\n} from '../tickets/service.js';"),
        'messages/service.ts': importsOf('messages/service.ts', "import type { Viewer } from '../tickets/access.js';"),
        'tickets/access.ts': [],
      }),
    );
    expect(circlesIn(graph)).toEqual([['attachments/service.ts', 'tickets/service.ts']]);
  });

  it('no feature module imports itself back through others (services stay layered)', () => {
    const modules = featureModules();
    expect(modules).toEqual(expect.arrayContaining(['tickets/service.ts', 'messages/service.ts', 'attachments/service.ts']));
    const graph = new Map(modules.map((file) => [file, importsOf(file, readFileSync(path.join(src, file), 'utf8'))]));
    expect(circlesIn(graph)).toEqual([]);
  });
});
