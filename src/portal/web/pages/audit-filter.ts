// The audit log's filters as the API's `_filter` (actor, action, target, outcome), plus the time window, which the
// filter grammar cannot compare and the page applies to the entries it fetched. Pure; never builds an unquoted value.
import { allOf, containsPattern, quote } from '../api/query.js';

export interface AuditFilters {
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly outcome: string;
  /** datetime-local values ('' = open). */
  readonly from: string;
  readonly to: string;
}

export const NO_AUDIT_FILTERS: AuditFilters = { actor: '', action: '', target: '', outcome: '', from: '', to: '' };

const contains = (field: string, text: string) =>
  text.trim() === '' ? '' : `${field} ~ ${quote(containsPattern(text.trim().slice(0, 60)))}`;

export function auditFilter(f: AuditFilters): string {
  return allOf([
    contains('actor', f.actor),
    contains('action', f.action),
    contains('target', f.target),
    f.outcome === '' ? '' : `outcome == ${quote(f.outcome)}`,
  ]);
}

/** Whether an entry's time (ms) falls in [from, to]; either bound may be null (open). */
export function inWindow(time: number | null, from: number | null, to: number | null): boolean {
  if (time === null) return false;
  return (from === null || time >= from) && (to === null || time <= to);
}

/**
 * Splits CSV text into records (a line break inside quotes stays in its record) and keeps the header plus the records
 * whose first cell is one of `ids`. The first column of the audit CSV is the numeric id, never quoted.
 */
export function keepCsvRecords(csv: string, ids: ReadonlySet<string>): string {
  const records: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '\n') {
      records.push(csv.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < csv.length) records.push(csv.slice(start));
  const [header = '', ...rows] = records;
  return header + rows.filter((r) => ids.has(r.slice(0, r.indexOf(',')))).join('');
}
