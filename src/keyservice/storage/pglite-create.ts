// Opens PGlite with the settings of a small embedded server, and initialises a new data directory in a child process:
// PGlite's initdb leaves ~500 MB resident in the process that ran it, which a long-running server must not carry.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/**
 * PostgreSQL settings for an embedded key service: modest buffers (the default shared_buffers of 128 MB is sized for
 * a dedicated server). Measured on a fresh directory: idle RSS about 150 MB instead of about 750 MB.
 */
export const PGLITE_SETTINGS: readonly string[] = [
  'shared_buffers=16MB',
  'work_mem=4MB',
  'maintenance_work_mem=16MB',
  'temp_buffers=2MB',
  'wal_buffers=512kB',
];

/**
 * Runs PGlite's initdb for `dataDir` in a plain Node child process, then returns. The child loads PGlite itself (its
 * CommonJS entry, found from here), so it needs no TypeScript loader whether keyward runs compiled or from source.
 */
async function initialiseInChild(dataDir: string): Promise<void> {
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const script =
    'const { PGlite } = require(process.argv[1]); ' +
    'PGlite.create(process.argv[2], { postgresqlconf: JSON.parse(process.argv[3]) }).then((pg) => pg.close())';
  const args = ['-e', script, pglite, dataDir, JSON.stringify(PGLITE_SETTINGS)];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`initialising the PGlite data directory failed (exit ${code}): ${stderr.trim()}`);
}

/** A PGlite on `dataDir` (`memory://…` stays in this process), initialising a new directory in a child first. */
export async function createPglite(dataDir: string): Promise<PGlite> {
  const fresh = !dataDir.startsWith('memory://') && !existsSync(join(dataDir, 'PG_VERSION'));
  if (fresh) await initialiseInChild(dataDir);
  return PGlite.create(dataDir, { postgresqlconf: [...PGLITE_SETTINGS] });
}
