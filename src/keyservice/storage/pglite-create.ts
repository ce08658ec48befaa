// Opens PGlite with the settings of a small embedded server, and initialises a new data directory in a child process:
// PGlite's initdb leaves ~500 MB resident in the process that ran it, which a long-running server must not carry.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** Runs PGlite's initdb for `dataDir` in a child process of this same program, then returns. */
async function initialiseInChild(dataDir: string): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, [...process.execArgv, self, dataDir], { stdio: ['ignore', 'ignore', 'pipe'] });
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

// Child mode: `node pglite-create.js <dataDir>` initialises the directory and exits.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1] && process.argv[2]) {
  const pg = await PGlite.create(process.argv[2], { postgresqlconf: [...PGLITE_SETTINGS] });
  await pg.close();
}
