// The server back end: a `pg` connection pool on a real PostgreSQL (DATABASE_URL).
// It never logs connection strings (they may hold passwords).
import pg from 'pg';
import type { Database, Queryable } from './database.js';

export async function openPostgresDatabase(url: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // Idle clients can error when the server goes away; the next query reports it, so do not crash here.
  pool.on('error', () => undefined);
  const probe = await pool.connect();
  probe.release();
  return {
    kind: 'postgres',
    async query<T extends object>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      const result = await pool.query(sql, [...params]);
      return result.rows as T[];
    },
    async transaction<R>(fn: (tx: Queryable) => Promise<R>): Promise<R> {
      const client = await pool.connect();
      const tx: Queryable = {
        async query<T extends object>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
          const result = await client.query(sql, [...params]);
          return result.rows as T[];
        },
      };
      try {
        await client.query('BEGIN');
        const value = await fn(tx);
        await client.query('COMMIT');
        return value;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
