// Fills in the values a compiled filter's `~` comparisons stand for: the distinct values of the field, tested by
// RE2 in this process in bounded slices, sent back as a `= ANY($n)` list. Never runs a user pattern in SQL.
import type { Queryable } from '../storage/database.js';
import type { CompiledFilter } from './filter-compile.js';
import { filterError } from './filter-error.js';

/** Past these a `~` is refused with a 400 asking for a narrower filter rather than held for long. */
const REGEX_LIMITS = { maxCandidates: 200_000, maxCandidateChars: 20_000_000, sliceSize: 2_000 } as const;

/**
 * The filter's parameters with every `~` placeholder replaced by the matching values. `source` is a trusted FROM
 * item (e.g. `(SELECT ...) v`) over which the field SQL is valid, using `sourceParams` as $1..$n.
 */
export async function bindFilter(
  db: Queryable,
  source: string,
  sourceParams: readonly unknown[],
  where: CompiledFilter,
): Promise<unknown[]> {
  const params = [...where.params];
  for (const r of where.regexes ?? []) {
    const limit = REGEX_LIMITS.maxCandidates + 1;
    const column = `(${r.column})`;
    const sql = `SELECT DISTINCT ${column}::text AS value FROM ${source} WHERE ${column} IS NOT NULL LIMIT ${limit}`;
    const rows = await db.query<{ value: string }>(sql, sourceParams);
    const chars = rows.reduce((n, row) => n + row.value.length, 0);
    if (rows.length > REGEX_LIMITS.maxCandidates || chars > REGEX_LIMITS.maxCandidateChars) {
      throw filterError(
        `'~' on field ${r.field} would test too many distinct values`,
        r.position,
        'narrow it with == or := first',
      );
    }
    params[r.index] = await matching(rows, (value) => r.regex.test(value));
  }
  return params;
}

/** Tests values a slice at a time, yielding between slices so verify and /healthz keep answering meanwhile. */
async function matching(rows: readonly { value: string }[], test: (value: string) => boolean): Promise<string[]> {
  const found: string[] = [];
  for (let start = 0; start < rows.length; start += REGEX_LIMITS.sliceSize) {
    if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    for (const row of rows.slice(start, start + REGEX_LIMITS.sliceSize)) if (test(row.value)) found.push(row.value);
  }
  return found;
}
