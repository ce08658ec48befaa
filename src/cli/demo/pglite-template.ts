// A pristine PGlite data directory (initialised, key-service schema migrated, no data) kept in the temp directory and
// copied for each demo run: PGlite's initdb (CPU seconds in WebAssembly) runs once per PGlite version and schema.
import { cp, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { PGLITE_SETTINGS } from '../../keyservice/storage/pglite-create.js';
import { openDatabase } from '../../keyservice/storage/open-database.js';
import { migrate, migrations } from '../../keyservice/storage/migrations.js';

/** Where the template of this PGlite version, settings and schema lives (any change gets a new template). */
export function templateDir(base = tmpdir()): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([pgliteVersion(), PGLITE_SETTINGS, migrations]))
    .digest('hex')
    .slice(0, 12);
  return join(base, `keyward-demo-pglite-${digest}`);
}

/** The installed PGlite's version, read from its package.json (the package exports no such subpath). */
function pgliteVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (let up = 0; up < 5; up += 1, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite') return pkg.version ?? '?';
    } catch {
      // no package.json at this level: go up
    }
  }
  return '?';
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Fills `target` (which must not exist) with a freshly initialised data directory: a copy of the template, made first
 * if there is none. The template is built in a private directory and renamed into place, so concurrent demos never
 * copy a half-made one. Reports whether the template was already there.
 */
export async function initialisedDataDir(target: string, base = tmpdir()): Promise<{ cached: boolean }> {
  const template = templateDir(base);
  const cached = await exists(join(template, 'PG_VERSION'));
  if (!cached) {
    const building = await mkdtemp(`${template}.building-`);
    const data = join(building, 'data');
    const db = await openDatabase({ dataDir: data });
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
    await rename(data, template).catch(async (err: unknown) => {
      // Another demo finished its template first: use that one.
      if (!(await exists(join(template, 'PG_VERSION')))) throw err;
    });
    await rm(building, { recursive: true, force: true });
  }
  await cp(template, target, { recursive: true });
  return { cached };
}
