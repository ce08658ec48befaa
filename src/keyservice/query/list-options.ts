// Reads the list query parameters (_filter, _limit, _offset, _order_by, _fields) into checked, SQL-ready options.
// Never lets user text into SQL: ORDER BY is assembled only from FieldMap SQL and the keywords ASC/DESC.

import type { CompiledFilter } from './filter-compile.js';
import { compileFilter } from './filter-compile.js';
import { excerpt, optionError } from './filter-error.js';
import { type FieldMap, fieldNames, lookupField } from './field-map.js';
import { parseFilter } from './filter-parser.js';

export interface ListSpec {
  readonly fields: FieldMap;
  /** `_order_by` syntax over `fields`, used when the request has none, e.g. `created_at desc`. */
  readonly defaultOrderBy: string;
  /** Field names `_fields` may keep. */
  readonly selectable: readonly string[];
  /** Trusted SQL appended to every ORDER BY for deterministic paging, e.g. `k.id ASC`. */
  readonly tiebreaker?: string;
  /** First $n placeholder number for the filter's parameters (default 1). */
  readonly firstParamIndex?: number;
}

export interface ListOptions {
  readonly where: CompiledFilter | null;
  readonly limit: number;
  readonly offset: number;
  /** SQL for after `ORDER BY` (without the keyword). */
  readonly orderBy: string;
  /** Fields to keep in each result, or null for all. */
  readonly fields: readonly string[] | null;
}

const LIST_LIMITS = { defaultLimit: 100, maxLimit: 1000, maxOffset: 10_000_000 } as const;
const KNOWN = ['_filter', '_limit', '_offset', '_order_by', '_fields'] as const;

/**
 * Checks and converts the list parameters; empty values count as absent. Unknown parameters starting with `_`
 * and repeated list parameters are refused with a 400; other parameters are left to the endpoint.
 */
export function parseListOptions(params: URLSearchParams, spec: ListSpec): ListOptions {
  for (const name of new Set(params.keys())) {
    if (name.startsWith('_') && !(KNOWN as readonly string[]).includes(name)) {
      throw optionError(excerpt(name), `is not a supported parameter; supported: ${KNOWN.join(', ')}`);
    }
  }
  const get = (name: (typeof KNOWN)[number]): string | undefined => {
    const all = params.getAll(name);
    if (all.length > 1) throw optionError(name, 'was given more than once');
    const value = all[0]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const filter = get('_filter');
  return {
    where: filter === undefined ? null : compileFilter(parseFilter(filter), spec.fields, spec.firstParamIndex ?? 1),
    limit: integer('_limit', get('_limit'), LIST_LIMITS.defaultLimit, 1, LIST_LIMITS.maxLimit),
    offset: integer('_offset', get('_offset'), 0, 0, LIST_LIMITS.maxOffset),
    orderBy: orderBy(get('_order_by') ?? spec.defaultOrderBy, spec),
    fields: selectFields(get('_fields'), spec.selectable),
  };
}

function integer(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = /^[0-9]{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max))
    throw optionError(name, `must be a whole number from ${min} to ${max}, got ${excerpt(text)}`);
  return value;
}

function orderBy(text: string, spec: ListSpec): string {
  const seen = new Set<string>();
  const terms = text.split(',').map((part) => {
    const words = part.trim().split(/\s+/);
    const [name = '', direction = 'asc', extra] = words;
    const field = lookupField(spec.fields, name);
    if (field === undefined || name === '') {
      throw optionError('_order_by', `cannot sort by ${excerpt(name)}; sortable fields: ${fieldNames(spec.fields)}`);
    }
    const dir = direction.toLowerCase();
    if ((dir !== 'asc' && dir !== 'desc') || extra !== undefined) {
      throw optionError('_order_by', `expects 'field', 'field asc' or 'field desc', got ${excerpt(part.trim())}`);
    }
    if (seen.has(name)) throw optionError('_order_by', `names ${name} more than once`);
    seen.add(name);
    return `(${field.sql}) ${dir.toUpperCase()}`;
  });
  return spec.tiebreaker === undefined ? terms.join(', ') : [...terms, spec.tiebreaker].join(', ');
}

function selectFields(text: string | undefined, selectable: readonly string[]): readonly string[] | null {
  if (text === undefined) return null;
  const names = [
    ...new Set(
      text
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n !== ''),
    ),
  ];
  for (const name of names) {
    if (!selectable.includes(name))
      throw optionError('_fields', `has unknown field ${excerpt(name)}; fields: ${selectable.join(', ')}`);
  }
  return names;
}
