// What every key service operation works with: storage, the clock, the policy, caches, the use batcher, the log.
// Built once per server; never a module-level singleton.
import type { Clock } from '../../kernel/clock.js';
import type { Database, Queryable } from '../storage/database.js';
import type { KeyPolicy } from '../domain/policy.js';
import type { ApiKeyRecord, AuditOutcome } from '../domain/types.js';
import { actorName, type Principal } from '../domain/permissions.js';
import type { TtlCache } from '../auth/ttl-cache.js';
import type { LastUsedBatcher } from '../auth/last-used-batcher.js';
import { appendAudit } from '../repository/audit-repo.js';

export interface KeyServiceContext {
  readonly db: Database;
  readonly clock: Clock;
  readonly policy: KeyPolicy;
  /** Key records by key id (null = known absent). */
  readonly keyCache: TtlCache<ApiKeyRecord | null>;
  /** Principals by user id. */
  readonly principalCache: TtlCache<Principal | null>;
  readonly lastUsed: LastUsedBatcher;
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
}

/** Appends one audit entry for `principal` (null = not authenticated, `system` actor when `system` is set). */
export async function audit(ctx: KeyServiceContext, principal: Principal | null | 'system', facts: AuditFacts, db: Queryable = ctx.db): Promise<void> {
  const actor = principal === 'system' ? 'system' : principal === null ? 'anonymous' : actorName(principal.user);
  const actorId = principal === 'system' || principal === null ? null : principal.user.id;
  await appendAudit(db, { at: ctx.clock.now(), actor, actorId, detail: '', ...facts });
}
