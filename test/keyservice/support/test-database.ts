// Fresh PostgreSQL databases for tests: one per suite run, created on KEYWARD_TEST_DATABASE_URL and dropped after.
// Never touches the database named in the URL itself; test files run in parallel, so each gets its own.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** The URL of the test PostgreSQL server, or undefined when none is configured (PGlite only then). */
export function testPostgresUrl(): string | undefined {
  const url = process.env.KEYWARD_TEST_DATABASE_URL;
  return url === undefined || url === '' ? undefined : url;
}

export async function createTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `keyward_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
