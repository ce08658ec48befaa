// The append-only audit log in storage: who did what to which target, with what outcome, when.
// Never stores a key or a secret; targets are prefixed ids or names.
import type { Queryable } from '../storage/database.js';
import type { ListOptions } from '../query/index.js';
import type { AuditEntry } from '../domain/types.js';
import { runList } from './list-query.js';
import { type AuditRow, toAudit } from './rows.js';

export const AUDIT_BASE = 'SELECT a.id::text AS id, a.at, a.actor, a.actor_id, a.action, a.target, a.outcome, a.detail FROM audit_log a';

export async function appendAudit(db: Queryable, e: AuditEntry): Promise<void> {
  await db.query('INSERT INTO audit_log (at, actor, actor_id, action, target, outcome, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    e.at.toISOString(), e.actor, e.actorId, e.action, e.target, e.outcome, e.detail,
  ]);
}

export async function listAudit(db: Queryable, options: ListOptions): Promise<AuditEntry[]> {
  return (await runList<AuditRow>(db, AUDIT_BASE, [], options)).map(toAudit);
}
