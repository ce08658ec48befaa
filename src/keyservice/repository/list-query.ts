// Runs a list over a trusted base SELECT with the query layer's options (filter, order, limit, offset).
// Never puts user text into SQL: the filter arrives compiled to placeholders, ordering from trusted field SQL.
import type { Queryable } from '../storage/database.js';
import type { ListOptions } from '../query/index.js';
import { bindFilter, queryErrorFromDatabase } from '../query/index.js';

/**
 * `base` is a SELECT whose columns the list's FieldMap names as `v.<column>`; it uses $1..$baseParams.length.
 * The filter's placeholders must start right after them (ListSpec.firstParamIndex).
 * `asJson`: the page comes back as one JSON text (json_agg in the page's order) parsed once here, instead of a row
 * of typed fields each: a page of 1,000 keys costs the driver one value to decode, not 18,000. Times arrive as
 * RFC 3339 strings and arrays as arrays, so only row mappers that accept a string for a time may ask for it.
 */
export async function runList<T extends object>(
  db: Queryable,
  base: string,
  baseParams: readonly unknown[],
  options: ListOptions,
  asJson = false,
): Promise<T[]> {
  // `~` comparisons are matched by RE2 in this process (linear time); bindFilter puts their matching values in.
  const filterParams = options.where === null ? [] : await bindFilter(db, `(${base}) v`, baseParams, options.where);
  const params = [...baseParams, ...filterParams];
  const limitAt = params.push(options.limit);
  const offsetAt = params.push(options.offset);
  const sql = `SELECT * FROM (${base}) v WHERE ${options.where?.sql ?? 'TRUE'} ORDER BY ${options.orderBy} LIMIT $${limitAt} OFFSET $${offsetAt}`;
  try {
    if (!asJson) return await db.query<T>(sql, params);
    const rows = await db.query<{ page: string }>(
      `SELECT coalesce(json_agg(v ORDER BY ${options.orderBy}), '[]')::text AS page FROM (${sql}) v`,
      params,
    );
    return JSON.parse(rows[0]?.page ?? '[]') as T[];
  } catch (err) {
    throw queryErrorFromDatabase(err) ?? err;
  }
}

/** Options that list everything in a fixed order, for internal callers. */
export function allRows(orderBy: string): ListOptions {
  return { where: null, limit: 1_000_000, offset: 0, orderBy, fields: null };
}
