// `npm start`: builds whatever is missing or stale, then runs the server in this process.
// Plain ESM for Node 20, no dependencies: it must work right after `npm install`.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STAMP_FILE = '.deskline-build.json';
/** Bump to force every build once (when the stamp format or the steps change). */
const STAMP_VERSION = 3;

/** Never inputs, wherever they are: dependencies, build outputs, test artefacts. */
const NEVER_INPUTS = new Set(['node_modules', 'dist', '.next', 'out', 'coverage', 'test-results', 'data', '.turbo']);
const isTestFile = (rel) => /\.(test|spec)\.[cm]?[jt]sx?$/.test(rel);

/**
 * What `npm start` builds, in order. A step runs only if its workspace has a `build` script, and
 * only when the hash of its inputs differs from the stamp its last successful build left in `output`.
 */
const BUILD_STEPS = [
  {
    workspace: 'contract',
    label: 'the API contract',
    inputs: ['contract/src', 'contract/package.json', 'contract/tsconfig.json', 'tsconfig.base.json'],
    ignore: isTestFile,
    output: 'contract/dist',
    // tsc never deletes the output of a source file that is gone, so start from an empty dist.
    clean: true,
    done: 'contract/dist/index.js',
    firstRunSeconds: 5,
  },
  {
    workspace: 'backend',
    label: 'the server',
    inputs: ['backend/src', 'backend/package.json', 'backend/tsconfig.json', 'tsconfig.base.json', 'prisma/schema.prisma', 'contract/src'],
    ignore: (rel) => isTestFile(rel) || rel.startsWith('backend/src/test/'),
    output: 'backend/dist',
    // tsc never deletes the output of a source file that is gone, so start from an empty dist.
    clean: true,
    done: 'backend/dist/index.js',
    firstRunSeconds: 10,
  },
  {
    workspace: 'widget',
    label: 'the widget',
    // The widget is built on the contract's client and types.
    inputs: ['widget', 'contract/src', 'tsconfig.base.json', 'scripts/precompress.mjs'],
    ignore: (rel) => isTestFile(rel) || /^(widget\/tests\/|widget\/playwright\.config|widget\/README)/.test(rel),
    output: 'widget/dist',
    done: 'widget/dist/widget.js',
    firstRunSeconds: 15,
  },
  {
    workspace: 'admin',
    label: 'the admin console',
    inputs: ['admin', 'contract/src', 'tsconfig.base.json', 'scripts/precompress.mjs'],
    ignore: (rel) => isTestFile(rel) || /^(admin\/tests\/|admin\/playwright\.config|admin\/README|admin\/next-env\.d\.ts)/.test(rel),
    // The server serves the static export in admin/out.
    output: 'admin/out',
    done: 'admin/out/index.html',
    firstRunSeconds: 60,
  },
];

const SERVER_ENTRY = 'backend/dist/index.js';
const PRISMA_CLIENT = 'backend/src/generated/prisma/client.ts';
const PRISMA_SCHEMA = 'prisma/schema.prisma';

class StartError extends Error {
  constructor(message, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

const at = (rel) => path.join(ROOT, rel);

function main() {
  if (!existsSync(at('node_modules'))) {
    throw new StartError('The dependencies are not installed. Run `npm install` (or `npm ci`) first, then `npm start`.');
  }
  ensurePrismaClient();
  for (const step of BUILD_STEPS) {
    if (hasBuildScript(step.workspace)) buildIfStale(step);
  }
  if (!existsSync(at(SERVER_ENTRY))) throw new StartError(`${SERVER_ENTRY} is missing after the build.`);
}

/** The Prisma client is generated code (by `npm install`); make it if it is missing or older than the schema. */
function ensurePrismaClient() {
  const client = at(PRISMA_CLIENT);
  const reason = !existsSync(client)
    ? 'missing'
    : statSync(at(PRISMA_SCHEMA)).mtimeMs > statSync(client).mtimeMs
      ? `older than ${PRISMA_SCHEMA}`
      : undefined;
  if (!reason) return;
  console.log(`The database client is ${reason}: generating it (npx prisma generate)…`);
  run('Generating the database client', npm(['exec', '--', 'prisma', 'generate']));
}

function hasBuildScript(workspace) {
  const manifest = at(`${workspace}/package.json`);
  if (!existsSync(manifest)) return false;
  try {
    return typeof JSON.parse(readFileSync(manifest, 'utf8')).scripts?.build === 'string';
  } catch {
    throw new StartError(`${workspace}/package.json is not valid JSON.`);
  }
}

function buildIfStale(step) {
  const hash = hashInputs(step);
  const stampPath = at(path.join(step.output, STAMP_FILE));
  const stamp = readStamp(stampPath);
  if (stamp?.hash === hash && existsSync(at(step.done))) return;

  const why = stamp ? `sources changed, about ${Math.max(1, Math.ceil(stamp.seconds))} s` : `first run, about ${step.firstRunSeconds} s`;
  console.log(`Building ${step.label} (${why})…`);
  const started = performance.now();
  if (step.clean) rmSync(at(step.output), { recursive: true, force: true });
  run(`Building ${step.label}`, npm(['run', 'build', '--silent', '-w', step.workspace]));
  if (!existsSync(at(step.done))) throw new StartError(`Building ${step.label} did not produce ${step.done}.`);
  const seconds = (performance.now() - started) / 1000;
  writeFileSync(stampPath, `${JSON.stringify({ version: STAMP_VERSION, hash, seconds, builtAt: new Date().toISOString() }, null, 2)}\n`);
  console.log(`Built ${step.label} in ${seconds.toFixed(1)} s.`);
}

function readStamp(file) {
  try {
    const stamp = JSON.parse(readFileSync(file, 'utf8'));
    return stamp.version === STAMP_VERSION && typeof stamp.hash === 'string' ? stamp : undefined;
  } catch {
    return undefined;
  }
}

/** sha256 over the path and content of every input file, in a stable order. */
function hashInputs(step) {
  const hash = createHash('sha256');
  hash.update(`deskline-build ${STAMP_VERSION} ${step.workspace}\n`);
  for (const input of step.inputs) {
    const files = listFiles(input, step.ignore);
    if (files.length === 0) hash.update(`${input}\0(missing)\0`);
    for (const rel of files) {
      hash.update(`${rel}\0`);
      hash.update(readFileSync(at(rel)));
      hash.update('\0');
    }
  }
  return hash.digest('hex');
}

function listFiles(rel, ignore) {
  let stats;
  try {
    stats = statSync(at(rel));
  } catch {
    return [];
  }
  if (stats.isFile()) return ignore(rel) ? [] : [rel];
  if (!stats.isDirectory()) return [];
  return readdirSync(at(rel))
    .filter((name) => !NEVER_INPUTS.has(name) && name !== STAMP_FILE && name !== '.DS_Store')
    .sort()
    .flatMap((name) => listFiles(path.posix.join(rel, name), ignore));
}

/** npm itself: the one running `npm start` when there is one, else the `npm` on PATH. */
function npm(args) {
  const cli = process.env.npm_execpath;
  if (cli && /npm-cli\.c?js$/.test(cli)) return [process.execPath, [cli, ...args]];
  return ['npm', args];
}

function run(what, [command, args]) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.error) throw new StartError(`${what} could not start: ${result.error.message}`);
  if (result.signal) throw new StartError(`${what} was interrupted (${result.signal}).`, 130);
  if (result.status !== 0) throw new StartError(`${what} failed (exit code ${result.status}); see the errors above.`, result.status || 1);
}

try {
  main();
} catch (error) {
  console.error(error instanceof StartError ? error.message : `npm start failed: ${error?.stack ?? error}`);
  process.exit(error instanceof StartError ? error.exitCode : 1);
}

// The server runs in this process: it handles SIGINT/SIGTERM itself and sets the exit code.
await import(pathToFileURL(at(SERVER_ENTRY)).href);
