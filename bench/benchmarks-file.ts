import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../src/config/app-config.js';

/**
 * Replaces one benchmark's section of BENCHMARKS.md (between `<!-- name:start -->` and
 * `<!-- name:end -->`), keeping the others'; a section not there yet is added at the end.
 */
export function writeSection(name: string, markdown: string): void {
  const file = path.join(REPO_ROOT, 'BENCHMARKS.md');
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const section = `${start}\n${markdown.trim()}\n${end}`;
  const current = existsSync(file)
    ? readFileSync(file, 'utf8')
    : '# Benchmarks\n\nWritten by `npm run bench`; each benchmark keeps its own section.\n';
  const next = current.includes(start)
    ? current.replace(new RegExp(`${start}[\\s\\S]*?${end}`), () => section)
    : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}
