// The append-only audit log in storage: who did what to which target, with what outcome, when.
// Never stores a key or a secret; targets are prefixed ids or names.
import type { Queryable } from '../storage/database.js';
import type { ListOptions } from '../query/index.js';
import type { AuditEntry } from '../domain/types.js';
import { runList } from './list-query.js';
import { type AuditRow, toAudit } from './rows.js';

const AUDIT_BASE = `SELECT a.id::text AS id, a.at, a.actor, a.actor_id, a.actor_type, a.source, a.count, a.action, a.target,
  a.outcome, a.detail FROM audit_log a`;

/** An entry to write: actor type, source and count default to unknown, none and 1. */
export type NewAuditEntry = Omit<AuditEntry, 'actorType' | 'source' | 'count'> &
  Partial<Pick<AuditEntry, 'actorType' | 'source' | 'count'>>;

export async function appendAudit(db: Queryable, e: NewAuditEntry): Promise<void> {
  await appendAuditMany(db, [e]);
}

/** Appends several entries in ONE statement (a list view under constellix, a flush of aggregated failures). */
export async function appendAuditMany(db: Queryable, entries: readonly NewAuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map((e) => ({
    at: e.at.toISOString(),
    actor: e.actor,
    actor_id: e.actorId,
    actor_type: e.actorType ?? 'unknown',
    source: e.source ?? null,
    count: e.count ?? 1,
    action: e.action,
    target: e.target,
    outcome: e.outcome,
    detail: e.detail,
  }));
  await db.query(
    `INSERT INTO audit_log (at, actor, actor_id, actor_type, source, count, action, target, outcome, detail)
     SELECT at, actor, actor_id, actor_type, source, count, action, target, outcome, detail FROM jsonb_to_recordset($1::jsonb)
       AS x(at timestamptz, actor text, actor_id text, actor_type text, source text, count integer, action text, target text,
            outcome text, detail text)`,
    [JSON.stringify(rows)],
  );
}

export async function listAudit(db: Queryable, options: ListOptions): Promise<AuditEntry[]> {
  return (await runList<AuditRow>(db, AUDIT_BASE, [], options)).map(toAudit);
}
