// Failed sign-ins, counted per account and per source address over a sliding window, in storage (shared by servers).
// Never records a password; the account is the login as typed (lower-cased), so unknown accounts are limited too.
import { userError } from '../../kernel/errors.js';
import type { Queryable } from '../storage/database.js';

export interface RateLimit {
  readonly windowMs: number;
  readonly perAccount: number;
  readonly perSource: number;
}

const toDate = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));

/** The account key of a login: trimmed, lower-cased, at most 256 characters. */
export function accountOf(login: string): string {
  return login.trim().toLowerCase().slice(0, 256);
}

/** Throws 429 (seconds to wait in details.retryAfterSeconds) when the account or the source is over its limit. */
export async function checkRateLimit(
  db: Queryable,
  limit: RateLimit,
  account: string,
  source: string,
  now: Date,
): Promise<void> {
  const since = new Date(now.getTime() - limit.windowMs).toISOString();
  const rows = await db.query<Record<string, unknown>>(
    `SELECT 'account' AS scope, count(*) AS n, min(at) AS first FROM sign_in_failures WHERE account = $1 AND at > $3
     UNION ALL SELECT 'source', count(*), min(at) FROM sign_in_failures WHERE source = $2 AND at > $3`,
    [account, source, since],
  );
  for (const row of rows) {
    const max = row.scope === 'account' ? limit.perAccount : limit.perSource;
    if (Number(row.n) < max) continue;
    // Conservative: wait until the oldest failure in the window leaves it.
    const seconds = Math.max(1, Math.ceil((toDate(row.first).getTime() + limit.windowMs - now.getTime()) / 1000));
    const minutes = Math.ceil(seconds / 60);
    throw userError(
      'too_many_requests',
      `too many failed sign-ins; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
      {
        details: { retryAfterSeconds: seconds, scope: row.scope },
      },
    );
  }
}

export async function recordFailure(
  db: Queryable,
  limit: RateLimit,
  account: string,
  source: string,
  now: Date,
): Promise<void> {
  await db.query('INSERT INTO sign_in_failures (account, source, at) VALUES ($1, $2, $3)', [
    account,
    source,
    now.toISOString(),
  ]);
  await db.query('DELETE FROM sign_in_failures WHERE at <= $1', [
    new Date(now.getTime() - limit.windowMs).toISOString(),
  ]);
}

/** A successful sign-in forgets the account's failures (not the source's). */
export async function clearAccountFailures(db: Queryable, account: string): Promise<void> {
  await db.query('DELETE FROM sign_in_failures WHERE account = $1', [account]);
}
