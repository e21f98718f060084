// Builds dist/: app.<hash>.js (widget app + portal, one classic script), widget.js (the loader,
// which names the hashed app file), portal.html, deskline.d.ts and manifest.json (read by scripts/size.mjs).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { isCompressible, precompressFile } from '../scripts/precompress.mjs';

rmSync(new URL('./dist', import.meta.url), { recursive: true, force: true });

const build = { app: '', locales: {} };

/** `import css from './x.css'` → the stylesheet as a minified string, for adoptedStyleSheets. */
const cssText = () => ({
  name: 'css-text',
  transform(code, id) {
    if (!id.endsWith('.css')) return null;
    const min = code
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,>])\s*/g, '$1')
      .replace(/;}/g, '}')
      .trim();
    return { code: `export default ${JSON.stringify(min)};`, map: { mappings: '' } };
  },
});

/**
 * The locales not built into the app (src/i18n/tables/*.json) as `locale-<lang>.<hash>.json` beside
 * it, fetched by the visitors who read them; locales.ts gets their names in place of __LOCALE_FILES__.
 */
const localeFiles = () => {
  const dir = new URL('./src/i18n/tables/', import.meta.url);
  return {
    name: 'locale-files',
    buildStart() {
      for (const name of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
        this.addWatchFile(new URL(name, dir).pathname);
        const source = JSON.stringify(JSON.parse(readFileSync(new URL(name, dir), 'utf8')));
        const fileName = `locale-${name.slice(0, -5)}.${createHash('sha256').update(source).digest('hex').slice(0, 8)}.json`;
        build.locales[name.slice(0, -5)] = fileName;
        this.emitFile({ type: 'asset', fileName, source });
      }
    },
    transform(code, id) {
      return id.endsWith('i18n/locales.ts') ? code.replace(/__LOCALE_FILES__/g, JSON.stringify(build.locales)) : null;
    },
  };
};

/** `.br` and `.gz` beside each written file, which the server sends to browsers that accept them. */
const precompress = () => ({
  name: 'precompress',
  writeBundle(options, bundle) {
    const dir = options.dir ?? path.dirname(options.file);
    for (const fileName of Object.keys(bundle)) if (isCompressible(fileName)) precompressFile(path.join(dir, fileName));
  },
});

const plugins = () => [
  cssText(),
  // Always the browser production builds, whatever NODE_ENV the caller has: without 'production'
  // the resolver picks 'development' from NODE_ENV, and socket.io-parser's debug build breaks the bundle.
  nodeResolve({ browser: true, exportConditions: ['browser', 'production'] }),
  typescript({ tsconfig: './tsconfig.build.json', include: ['src/**/*.ts', 'src/**/*.tsx'] }),
  // A dependency's `process.env.NODE_ENV` check becomes the production branch, not a ReferenceError.
  terser({ ecma: 2020, toplevel: true, compress: { passes: 3, global_defs: { 'process.env.NODE_ENV': 'production' } }, format: { comments: false } }),
  precompress(),
];

const portalHtml = (app) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Support · Deskline</title>
<link rel="icon" href="data:,">
<script src="/widget/${app}" data-deskline-portal defer></script>
</head>
<body></body>
</html>
`;

export default [
  {
    input: 'src/app/main.ts',
    output: { dir: 'dist', format: 'iife', entryFileNames: 'app.[hash].js', hashCharacters: 'hex', sourcemap: false },
    plugins: [
      localeFiles(),
      ...plugins(),
      {
        name: 'portal-html',
        generateBundle(_options, bundle) {
          build.app = Object.keys(bundle).find((name) => name.startsWith('app.'));
          this.emitFile({ type: 'asset', fileName: 'portal.html', source: portalHtml(build.app) });
          // The command API's types, for host pages written in TypeScript: served at /widget/deskline.d.ts.
          this.emitFile({ type: 'asset', fileName: 'deskline.d.ts', source: readFileSync(new URL('./deskline.d.ts', import.meta.url), 'utf8') });
        },
      },
    ],
  },
  {
    input: 'src/loader/index.ts',
    output: { file: 'dist/widget.js', format: 'iife', sourcemap: false },
    plugins: [
      {
        name: 'app-file',
        transform(code, id) {
          return id.endsWith('loader/index.ts') ? code.replace(/__APP_FILE__/g, JSON.stringify(build.app)) : null;
        },
        generateBundle() {
          this.emitFile({ type: 'asset', fileName: 'manifest.json', source: JSON.stringify({ loader: 'widget.js', app: [build.app], locales: Object.values(build.locales) }, null, 2) + '\n' });
        },
      },
      ...plugins(),
    ],
  },
];
