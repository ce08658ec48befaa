// Aggregates repeated failures (failed sign-ins, failed verifies) into one audit row per actor, source and target per
// flush window, with a count. Never drops a failure: a failed write keeps its counts for the next flush.
import type { AuditEntry } from '../domain/types.js';
import type { Queryable } from '../storage/database.js';
import { appendAuditMany } from '../repository/audit-repo.js';
import { FlushLoop } from './flush-loop.js';

interface Pending {
  readonly entry: AuditEntry;
  last: Date;
  count: number;
  readonly codes: Map<string, number>;
}

/** Distinct (actor, source, action, target) rows held at most between flushes; past it, a flush starts early. */
const MAX_PENDING = 10_000;

/** Writes one row per pending (actor, source, action, target) in one statement per flush. */
export class AuditAggregator extends FlushLoop<string, Pending> {
  constructor(
    private readonly db: Queryable,
    onError: (err: unknown) => void,
  ) {
    super(onError);
  }

  /** Counts one failure; `entry.detail` is its code (NOT_FOUND, DISABLED...), tallied per code in the row. */
  add(entry: AuditEntry): void {
    const key = [
      entry.action,
      entry.actorType,
      entry.actorId ?? '',
      entry.actor,
      entry.source ?? '',
      entry.target,
      entry.outcome,
    ].join('\u0000');
    const known = this.pending.get(key);
    if (known === undefined) {
      this.pending.set(key, { entry, last: entry.at, count: 1, codes: new Map([[entry.detail, 1]]) });
      if (this.pending.size >= MAX_PENDING) void this.flush();
      return;
    }
    known.count++;
    known.last = entry.at;
    known.codes.set(entry.detail, (known.codes.get(entry.detail) ?? 0) + 1);
  }

  protected write(batch: ReadonlyMap<string, Pending>): Promise<void> {
    return appendAuditMany(this.db, [...batch.values()].map(row));
  }

  protected putBack(key: string, pending: Pending): void {
    const known = this.pending.get(key);
    if (known === undefined) {
      this.pending.set(key, pending);
      return;
    }
    known.count += pending.count;
    for (const [code, n] of pending.codes) known.codes.set(code, (known.codes.get(code) ?? 0) + n);
  }
}

/** A single failure reads as before (detail = its code); several say how many, of which codes, and over what time. */
function row(p: Pending): AuditEntry {
  if (p.count === 1) return p.entry;
  const codes = [...p.codes].map(([code, n]) => `${code} ${n}`).join(', ');
  const detail = `${p.count} failures from ${p.entry.at.toISOString()} to ${p.last.toISOString()}: ${codes}`;
  return { ...p.entry, count: p.count, detail };
}
