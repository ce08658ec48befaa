// The small `k` table the SQL tests query: its DDL and rows, shaped like the key service's API keys.
// Test data only; never imported by src.

import type { TestDatabase } from './databases.js';

export interface KeyRow {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly user_id: string;
  readonly user_email: string | null;
  readonly expires_at: string | null;
  readonly uses: number | null;
  readonly legacy: boolean | null;
}

export const KEY_ROWS: readonly KeyRow[] = [
  {
    id: 'k1',
    name: 'deploy#1',
    state: 'enabled',
    user_id: 'u1',
    user_email: 'Ops@Example.com',
    expires_at: '2026-01-01T00:00:00.000Z',
    uses: 5,
    legacy: false,
  },
  {
    id: 'k2',
    name: 'deploy#2',
    state: 'disabled',
    user_id: 'u1',
    user_email: 'ops@example.com',
    expires_at: null,
    uses: 0,
    legacy: false,
  },
  {
    id: 'k3',
    name: 'Backup',
    state: 'expired',
    user_id: 'u2',
    user_email: null,
    expires_at: '2025-06-30T12:00:00.000Z',
    uses: 12,
    legacy: true,
  },
  {
    id: 'k4',
    name: "it's",
    state: 'enabled',
    user_id: 'u3',
    user_email: null,
    expires_at: '2026-01-01T01:00:00.000+01:00',
    uses: null,
    legacy: null,
  },
];

/** Creates table `k` and fills it with KEY_ROWS. */
export async function createKeyTable(db: TestDatabase): Promise<void> {
  await db.query(`CREATE TABLE k (id text PRIMARY KEY, name text NOT NULL, state text NOT NULL, user_id text NOT NULL,
    user_email text, expires_at timestamptz, uses integer, legacy boolean)`);
  for (const r of KEY_ROWS) {
    await db.query('INSERT INTO k VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
      r.id,
      r.name,
      r.state,
      r.user_id,
      r.user_email,
      r.expires_at,
      r.uses,
      r.legacy,
    ]);
  }
}
