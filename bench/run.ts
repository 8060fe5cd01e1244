import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm run bench`: runs every benchmark script in this folder (`*.bench.ts`, compiled to
 * dist/bench), one process each so that their memory figures do not mix. A benchmark prints numbers;
 * it does not pass or fail. `npm run bench -- NAME` runs the ones whose file name contains NAME.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const scripts = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const script of scripts) {
  process.stdout.write(`\n== ${script.replace(/\.js$/, '')}\n`);
  const result = spawnSync(process.execPath, ['--expose-gc', path.join(here, script)], {
    stdio: 'inherit',
  });
  if (result.status !== 0) failed += 1;
}
if (scripts.length === 0) process.stdout.write('No benchmark matched\n');
process.exitCode = failed ? 1 : 0;
