// Versioned schema migrations, applied at start in one transaction under an advisory lock.
// Safe when several servers start at once; never re-applies a version already recorded.
import type { Database } from './database.js';
import { schemaV1 } from './schema-v1.js';
import { NOTIFICATION_DELIVERIES_SQL } from '../notifications/schema.js';
import { SCHEMA_V10_SQL } from '../repository/schema-v10.js';
import { LIST_INDEXES_V30_SQL } from './list-indexes-v30.js';
import { PORTAL_SIGN_IN_SQL } from '../sessions/schema.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial schema', sql: schemaV1 },
  { version: 2, name: 'notification deliveries', sql: NOTIFICATION_DELIVERIES_SQL },
  { version: 10, name: 'key disablers, audit actor types and sources, unique e-mails', sql: SCHEMA_V10_SQL },
  { version: 30, name: 'list indexes: keys by creation, users and groups by id as text', sql: LIST_INDEXES_V30_SQL },
  {
    version: 40,
    name: 'portal sign-in: passwords, sessions, set-password links, sign-in failures, preferences',
    sql: PORTAL_SIGN_IN_SQL,
  },
];

/** An arbitrary constant that identifies keyward's migration lock among other advisory locks. */
const MIGRATION_LOCK_ID = 4_815_162_342;

/** Applies every migration not yet recorded; returns the versions applied by this call. */
export async function migrate(db: Database, list: readonly Migration[] = migrations): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]);
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(done.map((row) => Number(row.version)));
    const newly: number[] = [];
    for (const migration of [...list].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      newly.push(migration.version);
    }
    return newly;
  });
}

/** Splits a migration into statements; migrations hold no semicolons inside strings or bodies. */
function splitStatements(sql: string): string[] {
  return sql
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
