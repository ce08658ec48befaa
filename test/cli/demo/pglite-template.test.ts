// The demo's PGlite template: built once (initdb and the key-service schema), then copied for every run; a copy
// opens as a migrated, empty key-service database, and a second run finds the template instead of building it.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initialisedDataDir, templateDir } from '../../../src/cli/demo/pglite-template.js';
import { openDatabase } from '../../../src/keyservice/storage/open-database.js';
import { migrate } from '../../../src/keyservice/storage/migrations.js';

const base = await mkdtemp(join(tmpdir(), 'keyward-template-test-'));

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('demo PGlite template', () => {
  it('is built on first use, reused after, and each copy is a migrated empty database', async () => {
    expect(await initialisedDataDir(join(base, 'one'), base)).toEqual({ cached: false });
    expect(await initialisedDataDir(join(base, 'two'), base)).toEqual({ cached: true });
    // Only the template and the two copies: no half-built directory is left behind.
    expect((await readdir(base)).sort()).toEqual([templateDir(base).slice(base.length + 1), 'one', 'two'].sort());
    const db = await openDatabase({ dataDir: join(base, 'two') });
    try {
      expect(await migrate(db)).toEqual([]);
      expect(await db.query('SELECT count(*)::int AS n FROM api_keys')).toEqual([{ n: 0 }]);
    } finally {
      await db.close();
    }
  }, 180_000);
});
