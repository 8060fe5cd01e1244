#!/usr/bin/env node
/**
 * `tracker <command> [options]` (npm scripts, `npx tracker …`): the service and its command-line
 * tools, run from the compiled code in dist/. The TypeScript build runs only when a source is newer
 * than the last build (`tsc -b` finds it up to date otherwise, in about a second), so a command never
 * waits for a rebuild it does not need. Without TypeScript installed (a production install), dist/
 * is taken as it is.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const OPENAPI_DOCUMENT = 'dist/openapi.json';
const OPENAPI_TYPES = 'dist/openapi.d.ts';

/** Each command: the compiled module it runs, and the arguments placed before the user's. */
const COMMANDS = {
  start: { module: 'dist/src/main.js', about: 'start the service' },
  import: { module: 'dist/src/imports/import-cli.js', about: 'import a file (import --help)' },
  'import:held': {
    module: 'dist/src/imports/held-cli.js',
    about: 'list or settle records held for a reviewer (import:held --help)',
  },
  'migration:run': {
    module: 'dist/src/database/cli.js',
    keep: true,
    about: 'apply pending migrations',
  },
  'migration:revert': {
    module: 'dist/src/database/cli.js',
    keep: true,
    about: 'revert the last migration',
  },
  'migration:generate': {
    module: 'dist/src/database/cli.js',
    keep: true,
    about: 'draft a migration from entity changes',
  },
  seed: { module: 'dist/src/database/cli.js', keep: true, about: 'load the reference data' },
  'members:bootstrap': {
    module: 'dist/src/database/cli.js',
    keep: true,
    about: 'create the first organisation and administrator',
  },
  'seed:demo': { module: 'dist/seeds/demo/run.js', about: 'add the demonstration cases' },
  release: {
    module: 'dist/src/releases/release-cli.js',
    about: 'publish, list, check releases (release --help)',
  },
  bench: { module: 'dist/bench/run.js', about: 'run the benchmarks (bench [NAME])' },
  build: { about: 'compile the project when a source changed' },
};

function usage() {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(20)} ${c.about}`);
  return `Usage: tracker <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}

/** Compiles what changed since the last build; exits with the compiler's status on an error. */
function buildIfStale() {
  let tsc;
  try {
    tsc = require.resolve('typescript/bin/tsc');
  } catch {
    if (existsSync(path.join(root, 'dist'))) return;
    console.error(
      'dist/ is missing and TypeScript is not installed: run npm ci, then npm run build',
    );
    process.exit(1);
  }
  const stamp = path.join(root, 'dist', 'tsconfig.build.tsbuildinfo');
  const before = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  run(tsc, ['-b', 'tsconfig.build.json']);
  copyAssets();
  const compiled = statSync(stamp).mtimeMs !== before;
  if (compiled || !existsSync(path.join(root, OPENAPI_TYPES))) {
    // The OpenAPI document of this build, and the TypeScript types of its paths for clients.
    run(path.join(root, 'dist/src/openapi/write-openapi.js'), [OPENAPI_DOCUMENT]);
    run(path.join(root, 'node_modules/openapi-typescript/bin/cli.js'), [
      OPENAPI_DOCUMENT,
      '-o',
      OPENAPI_TYPES,
    ]);
  }
}

/** Files the compiled code reads beside itself (nest-cli.json's assets: templates, styles). */
function copyAssets() {
  const nest = JSON.parse(readFileSync(path.join(root, 'nest-cli.json'), 'utf8'));
  for (const asset of nest.compilerOptions?.assets ?? []) {
    const folder = String(asset.include ?? asset).replace(/\/\*\*.*$/, '');
    const from = path.join(root, 'src', folder);
    if (existsSync(from)) cpSync(from, path.join(root, 'dist', 'src', folder), { recursive: true });
  }
}

/** Runs a Node.js script in the project's folder; exits with its status when it fails. */
function run(script, args) {
  const result = spawnSync(process.execPath, [script, ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const [name, ...args] = process.argv.slice(2);
const command = COMMANDS[name];
if (!command) {
  process.stderr.write(
    name && name !== '--help' ? `Unknown command: ${name}\n\n${usage()}` : usage(),
  );
  process.exit(name && name !== '--help' ? 2 : 0);
}
buildIfStale();
if (command.module) {
  const file = path.join(root, command.module);
  // The module reads its own arguments from process.argv, as when node runs it directly.
  process.argv = [process.argv[0], file, ...(command.keep ? [name] : []), ...args];
  await import(pathToFileURL(file).href);
}
