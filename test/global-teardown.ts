import { rmSync } from 'node:fs';
import type { EmbeddedDatabase } from '../src/database/embedded-postgres.js';

export default async function globalTeardown(): Promise<void> {
  const state = (
    globalThis as { __trackerDatabase?: { database: EmbeddedDatabase; dataDir: string } }
  ).__trackerDatabase;
  if (!state) return;
  await state.database.stop();
  rmSync(state.dataDir, { recursive: true, force: true });
}
