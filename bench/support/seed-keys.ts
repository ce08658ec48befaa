// Bulk seeding for benchmarks: service users `svc-<n>` (n zero-padded) with keys `key-0..` straight into storage,
// since creating thousands of objects one HTTP call at a time is not what a benchmark measures.
// Keys get random IDs and hashes; nobody holds their secrets, which a plan never needs.
import type { Queryable } from '../../src/keyservice/storage/database.js';

export interface SeedShape {
  readonly users: number;
  readonly keysPerUser: number;
  /** Digits of the zero-padded user number: 4 gives svc-0000. */
  readonly digits: number;
  readonly expiresAt: string;
}

/** The name seedKeys gives user number `i`. */
export function seededUserName(i: number, digits: number): string {
  return `svc-${String(i).padStart(digits, '0')}`;
}

export async function seedKeys(db: Queryable, shape: SeedShape): Promise<void> {
  await db.query(
    `INSERT INTO users (id, name, email, type, description, created_at, updated_at, created_by, updated_by)
     SELECT gen_random_uuid(), 'svc-' || lpad(i::text, $2, '0'), NULL, 'service', '', now(), now(), 'bench', 'bench'
     FROM generate_series(0, $1 - 1) AS i`,
    [shape.users, shape.digits],
  );
  await db.query(
    `INSERT INTO api_keys (id, hash, name, user_id, type, state, expires_at, created_at, updated_at, created_by, updated_by)
     SELECT md5(random()::text || u.id::text || k), md5(random()::text), 'key-' || k, u.id, 'service', 'enabled', $2::timestamptz, now(), now(), 'bench', 'bench'
     FROM users u CROSS JOIN generate_series(0, $1 - 1) AS k WHERE u.type = 'service'`,
    [shape.keysPerUser, shape.expiresAt],
  );
}
