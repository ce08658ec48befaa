// A PostgreSQL database for benchmarks: a fresh database on the server named by KEYWARD_BENCH_DATABASE_URL (or the
// tests' KEYWARD_TEST_DATABASE_URL), dropped again by close(). It never touches a database it did not create.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface BenchDatabase {
  readonly url: string;
  /** Where the server came from, for the printed figures. */
  readonly source: string;
  close(): Promise<void>;
}

export async function benchDatabaseUrl(): Promise<BenchDatabase> {
  const server = process.env.KEYWARD_BENCH_DATABASE_URL ?? process.env.KEYWARD_TEST_DATABASE_URL;
  if (server === undefined || server === '') {
    throw new Error('PostgreSQL benchmarks need a server: set KEYWARD_BENCH_DATABASE_URL=postgres://user@host:port/db');
  }
  const name = `keyward_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    source: `server ${url.host}`,
    async close() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
