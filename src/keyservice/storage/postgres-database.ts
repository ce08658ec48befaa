// The server back end: a `pg` connection pool on a real PostgreSQL (DATABASE_URL), every statement under a timeout.
// Never logs connection strings (they may hold passwords); a query whose HTTP client left is cancelled on the server.
import pg from 'pg';
import type { Database, Queryable } from './database.js';
import { clientLeft, type CancelSource, type QueryScopes } from './query-scope.js';
import { clientGone, isConnectionFailure, storageUnavailable } from './storage-errors.js';

export interface PostgresOptions {
  readonly poolSize?: number;
  /** PostgreSQL's statement_timeout for every statement (default 15000 ms); also the wait for a pooled connection. */
  readonly statementTimeoutMs?: number;
  /** Where a query finds the request it serves (to cancel it when the client leaves). */
  readonly scopes?: QueryScopes;
}

const QUERY_CANCELED = '57014';

export async function openPostgresDatabase(url: string, options: PostgresOptions = {}): Promise<Database> {
  const timeout = options.statementTimeoutMs ?? 15_000;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    statement_timeout: timeout,
    connectionTimeoutMillis: timeout,
    idle_in_transaction_session_timeout: timeout * 2,
  });
  // Idle clients can error when the server goes away; the next query reports it, so do not crash here.
  pool.on('error', () => undefined);
  const probe = await pool.connect();
  probe.release();
  /** Cancels the statement running on `client` through a separate short connection (PostgreSQL's own cancel). */
  const cancel = async (client: pg.PoolClient): Promise<void> => {
    const pid = (client as unknown as { processID: number | null }).processID;
    if (pid === null) return;
    const side = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    side.on('error', () => undefined);
    try {
      await side.connect();
      await side.query('SELECT pg_cancel_backend($1)', [pid]);
    } finally {
      await side.end().catch(() => undefined);
    }
  };
  /** Runs one statement on `client`, cancelled when the request's client leaves meanwhile. */
  const run = async <T extends object>(
    client: pg.PoolClient,
    sql: string,
    params: readonly unknown[],
    source?: CancelSource,
  ): Promise<T[]> => {
    if (source === undefined) return (await client.query(sql, [...params])).rows as T[];
    if (clientLeft(source)) throw clientGone();
    let left = false;
    const onClose = () => {
      if (source.writableFinished) return;
      left = true;
      cancel(client).catch(() => undefined);
    };
    source.once('close', onClose);
    try {
      return (await client.query(sql, [...params])).rows as T[];
    } catch (err) {
      throw left ? clientGone(err) : err;
    } finally {
      source.off('close', onClose);
    }
  };
  const translate = (err: unknown): unknown => {
    if (typeof err === 'object' && err !== null && 'code' in err && err.code === QUERY_CANCELED) {
      return storageUnavailable(`(PostgreSQL) did not answer within ${timeout} ms`, err);
    }
    return isConnectionFailure(err) ? storageUnavailable('(PostgreSQL) is not reachable', err) : err;
  };
  const connect = () => pool.connect().catch((err: unknown) => Promise.reject(translate(err)));
  return {
    kind: 'postgres',
    async query<T extends object>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      const client = await connect();
      let broken = false;
      try {
        return await run<T>(client, sql, params, options.scopes?.current());
      } catch (err) {
        broken = isConnectionFailure(err);
        throw translate(err);
      } finally {
        client.release(broken);
      }
    },
    async transaction<R>(fn: (tx: Queryable) => Promise<R>): Promise<R> {
      const client = await connect();
      const source = options.scopes?.current();
      const tx: Queryable = {
        query: <T extends object>(sql: string, params: readonly unknown[] = []) => run<T>(client, sql, params, source),
      };
      let broken = false;
      try {
        await client.query('BEGIN');
        const value = await fn(tx);
        await client.query('COMMIT');
        return value;
      } catch (err) {
        broken = isConnectionFailure(err);
        await client.query('ROLLBACK').catch(() => undefined);
        throw translate(err);
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
