// The embedded back end: PGlite in a data directory (or `memory://` for tests), zero setup, locked to one process.
// It must never be shared between processes; a query waiting longer than the timeout answers `unavailable`.
import { mkdir } from 'node:fs/promises';
import type { PGlite } from '@electric-sql/pglite';
import { createPglite } from './pglite-create.js';
import type { Database, Queryable } from './database.js';
import { lockDataDir } from './data-dir-lock.js';
import { clientLeft, type QueryScopes } from './query-scope.js';
import { clientGone, storageUnavailable } from './storage-errors.js';

export interface PgliteOptions {
  /** How long a statement may take, queue included (default 15000 ms); see below for what it can interrupt. */
  readonly statementTimeoutMs?: number;
  readonly scopes?: QueryScopes;
}

/**
 * PGlite runs each statement synchronously on this thread and has no timer interrupt, so a running statement cannot
 * be stopped: the timeout answers for statements still queued behind it, and a query whose client left before its
 * turn is skipped. Nothing a request sends can make a statement slow (`~` is matched by RE2 outside SQL).
 */
export async function openPgliteDatabase(dataDir: string, options: PgliteOptions = {}): Promise<Database> {
  const memory = dataDir.startsWith('memory://');
  if (!memory) await mkdir(dataDir, { recursive: true });
  const lock = memory ? undefined : await lockDataDir(dataDir);
  let pg: PGlite;
  try {
    pg = await createPglite(dataDir);
  } catch (err) {
    await lock?.release();
    throw err;
  }
  const timeout = options.statementTimeoutMs ?? 15_000;
  const bounded = async <T>(work: () => Promise<T>): Promise<T> => {
    const source = options.scopes?.current();
    if (source !== undefined && clientLeft(source)) throw clientGone();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(storageUnavailable(`(PGlite) did not answer within ${timeout} ms`)), timeout);
    });
    try {
      return await Promise.race([work(), late]);
    } finally {
      clearTimeout(timer);
    }
  };
  const asQueryable = (runner: Pick<PGlite, 'query'>): Queryable => ({
    query: <T extends object>(sql: string, params: readonly unknown[] = []): Promise<T[]> =>
      bounded(async () => (await runner.query<T>(sql, [...params])).rows),
  });
  const root = asQueryable(pg);
  return {
    kind: 'pglite',
    query: (sql, params) => root.query(sql, params),
    transaction: (fn) => pg.transaction((tx) => fn(asQueryable(tx))),
    close: async () => {
      try {
        await pg.close();
      } finally {
        await lock?.release();
      }
    },
  };
}
