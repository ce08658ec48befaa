// Chooses the storage back end: PostgreSQL when a URL is given, else PGlite in a data directory.
// It never reads the environment itself; the caller passes DATABASE_URL in. Only the chosen back end's module is loaded
// (pg or PGlite, each a few MB resident), so a server on PostgreSQL never carries PGlite and the reverse.
import type { Database } from './database.js';
import type { QueryScopes } from './query-scope.js';
import { wrapError } from '../../kernel/errors.js';

export interface OpenDatabaseOptions {
  readonly databaseUrl?: string | undefined;
  /** PGlite data directory, or `memory://` for a throwaway in-memory database. */
  readonly dataDir?: string | undefined;
  /** Every statement's time limit (default 15000 ms). */
  readonly statementTimeoutMs?: number | undefined;
  /** Lets a query be cancelled when the HTTP client it serves leaves. */
  readonly scopes?: QueryScopes | undefined;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const settings = { statementTimeoutMs: options.statementTimeoutMs, scopes: options.scopes };
  if (options.databaseUrl) {
    try {
      const { openPostgresDatabase } = await import('./postgres-database.js');
      return await openPostgresDatabase(options.databaseUrl, settings);
    } catch (err) {
      throw wrapError('connecting to PostgreSQL (DATABASE_URL)', err);
    }
  }
  const dataDir = options.dataDir ?? '.keyward/data';
  try {
    const { openPgliteDatabase } = await import('./pglite-database.js');
    return await openPgliteDatabase(dataDir, settings);
  } catch (err) {
    throw wrapError(`opening the PGlite data directory ${dataDir}`, err);
  }
}
