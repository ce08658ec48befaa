// The SQL back ends the query tests run against: in-memory PGlite always, plus a fresh PostgreSQL database
// when KEYWARD_TEST_DATABASE_URL is set (created per run as keyward_<random> and dropped afterwards).

import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface TestDatabase {
  query<T extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export type DatabaseFactory = () => Promise<TestDatabase>;

/** One factory per available back end, named for test titles. */
export function databaseFactories(env: NodeJS.ProcessEnv): [string, DatabaseFactory][] {
  const factories: [string, DatabaseFactory][] = [['pglite', openPglite]];
  const url = env.KEYWARD_TEST_DATABASE_URL;
  if (url !== undefined && url !== '') factories.push(['postgresql', () => openPostgres(url)]);
  return factories;
}

async function openPglite(): Promise<TestDatabase> {
  const db = new PGlite();
  return {
    query: async <T extends object>(sql: string, params?: readonly unknown[]) =>
      (await db.query<T>(sql, params && [...params])).rows,
    close: () => db.close(),
  };
}

async function openPostgres(url: string): Promise<TestDatabase> {
  const name = `keyward_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: target.toString() });
  await client.connect();
  return {
    query: async <T extends object>(sql: string, params?: readonly unknown[]) =>
      (await client.query(sql, params && [...params])).rows as T[],
    close: async () => {
      await client.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.end();
    },
  };
}
