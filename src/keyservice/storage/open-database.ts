// Chooses the storage back end: PostgreSQL when a URL is given, else PGlite in a data directory.
// It never reads the environment itself; the caller passes DATABASE_URL in.
import type { Database } from './database.js';
import { openPgliteDatabase } from './pglite-database.js';
import { openPostgresDatabase } from './postgres-database.js';
import { wrapError } from '../../kernel/errors.js';

export interface OpenDatabaseOptions {
  readonly databaseUrl?: string | undefined;
  /** PGlite data directory, or `memory://` for a throwaway in-memory database. */
  readonly dataDir?: string | undefined;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    try {
      return await openPostgresDatabase(options.databaseUrl);
    } catch (err) {
      throw wrapError('connecting to PostgreSQL (DATABASE_URL)', err);
    }
  }
  const dataDir = options.dataDir ?? '.keyward/data';
  try {
    return await openPgliteDatabase(dataDir);
  } catch (err) {
    throw wrapError(`opening the PGlite data directory ${dataDir}`, err);
  }
}
