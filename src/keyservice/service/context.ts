// What every key service operation works with: storage, the clock, the policy, caches, the use batcher, the log.
// Built once per server; never a module-level singleton.
import type { Clock } from '../../kernel/clock.js';
import type { Database, Queryable } from '../storage/database.js';
import type { KeyPolicy } from '../domain/policy.js';
import type { ApiKeyRecord, AuditEntry, AuditOutcome } from '../domain/types.js';
import { actorName, type Principal } from '../domain/permissions.js';
import type { TtlCache } from '../auth/ttl-cache.js';
import type { LastUsedBatcher } from '../auth/last-used-batcher.js';
import type { AuthFailureLimiter } from '../auth/failure-limiter.js';
import type { ConnectionKeys } from '../auth/connection-keys.js';
import type { AuditAggregator } from './audit-aggregator.js';
import { appendAudit, appendAuditMany } from '../repository/audit-repo.js';

export interface KeyServiceContext {
  readonly db: Database;
  readonly clock: Clock;
  readonly policy: KeyPolicy;
  /** Key records by key id (null = known absent). */
  readonly keyCache: TtlCache<ApiKeyRecord | null>;
  /** Principals by user id. */
  readonly principalCache: TtlCache<Principal | null>;
  /** Keys that matched on each open connection, so a repeat there skips the hash (auth/connection-keys.ts). */
  readonly connectionKeys: ConnectionKeys;
  readonly lastUsed: LastUsedBatcher;
  /** Failed authentication per source: refused with 429 past the limit. */
  readonly authFailures: AuthFailureLimiter;
  /** Repeated failures (sign-in, verify) become one audit row per actor, source and target per window. */
  readonly failureAudit: AuditAggregator;
  readonly log: (line: string) => void;
}

/** Call after every local write so this instance never serves what it just changed. */
export function invalidateCaches(ctx: KeyServiceContext): void {
  ctx.keyCache.clear();
  ctx.principalCache.clear();
}

export interface AuditFacts {
  readonly action: string;
  readonly target: string;
  readonly outcome: AuditOutcome;
  readonly detail?: string;
  readonly source?: string | null;
  readonly count?: number;
}

export type Actor = Principal | null | 'system';

/**
 * The entry for `principal` (null = not authenticated, `system` for the server): id, type and name, never ambiguous.
 */
function auditEntry(ctx: KeyServiceContext, principal: Actor, facts: AuditFacts): AuditEntry {
  const actor = principal === 'system' ? 'system' : principal === null ? 'anonymous' : actorName(principal.user);
  const actorId = principal === 'system' || principal === null ? null : principal.user.id;
  const actorType = principal === 'system' || principal === null ? (principal ?? 'anonymous') : principal.user.type;
  return { at: ctx.clock.now(), actor, actorId, actorType, source: null, count: 1, detail: '', ...facts };
}

/** Appends one audit entry for `principal`. */
export async function audit(
  ctx: KeyServiceContext,
  principal: Actor,
  facts: AuditFacts,
  db: Queryable = ctx.db,
): Promise<void> {
  await appendAudit(db, auditEntry(ctx, principal, facts));
}

/** Counts a failure into the aggregated audit row of its actor, source and target (written at the next flush). */
export function auditFailure(ctx: KeyServiceContext, principal: Actor, facts: AuditFacts): void {
  ctx.failureAudit.add(auditEntry(ctx, principal, facts));
}

/** Appends several entries for one actor in one statement. */
export async function auditMany(
  ctx: KeyServiceContext,
  principal: Actor,
  facts: readonly AuditFacts[],
  db: Queryable = ctx.db,
): Promise<void> {
  await appendAuditMany(
    db,
    facts.map((f) => auditEntry(ctx, principal, f)),
  );
}
