// Compiles a parsed `_filter` into a PostgreSQL boolean expression with $n placeholders, checking fields and types.
// Never interpolates a user value into SQL: values only ever travel as parameters; field SQL comes from the FieldMap.

import type { FilterComparison, FilterNode } from './filter-ast.js';
import { ORDERING_OPS } from './filter-ast.js';
import { excerpt, filterError } from './filter-error.js';
import { type FieldMap, type FieldSpec, fieldNames, lookupField } from './field-map.js';
import { compileFilterRegex, type FilterRegex } from './regex.js';
import { parseStoredInstant } from './time-value.js';
import { hasControlOrBrokenText } from './user-text.js';

/** A `~` comparison: params[index] is a placeholder until bindFilter puts the field's matching values there. */
interface RegexParam {
  readonly index: number;
  readonly field: string;
  /** Trusted field SQL from the FieldMap. */
  readonly column: string;
  readonly regex: FilterRegex;
  readonly position: number;
}

export interface CompiledFilter {
  readonly sql: string;
  /** Parameter values; run through bindFilter first when `regexes` is present. */
  readonly params: unknown[];
  /** The `~` comparisons (absent when there are none). */
  readonly regexes?: readonly RegexParam[];
}

/**
 * SQL for `node` over `fields`; placeholders start at `$firstParamIndex`. Every comparison is two-valued
 * (never NULL), so `not` is an exact complement. A `~` becomes `= ANY($n::text[])`: bindFilter fills $n.
 */
export function compileFilter(node: FilterNode, fields: FieldMap, firstParamIndex = 1): CompiledFilter {
  const params: unknown[] = [];
  const regexes: RegexParam[] = [];
  const param: Param = (value, cast, regex) => {
    params.push(value);
    if (regex !== undefined) regexes.push({ ...regex, index: params.length - 1 });
    return `$${firstParamIndex + params.length - 1}::${cast}`;
  };
  const walk = (n: FilterNode): string => {
    switch (n.kind) {
      case 'comparison':
        return comparison(n, fields, param);
      case 'not':
        return `(NOT ${walk(n.operand)})`;
      default:
        // Trees built by code may have no operands: an empty `and` holds for every row, an empty `or` for none.
        if (n.operands.length === 0) return n.kind === 'and' ? 'TRUE' : 'FALSE';
        return `(${n.operands.map(walk).join(n.kind === 'and' ? ' AND ' : ' OR ')})`;
    }
  };
  const sql = walk(node);
  return regexes.length === 0 ? { sql, params } : { sql, params, regexes };
}

type Param = (value: unknown, cast: string, regex?: Omit<RegexParam, 'index'>) => string;

function comparison(c: FilterComparison, fields: FieldMap, param: Param): string {
  const spec = lookupField(fields, c.field);
  if (spec === undefined) {
    throw filterError(`unknown field ${excerpt(c.field)}`, c.fieldPosition, `filterable fields: ${fieldNames(fields)}`);
  }
  const column = `(${spec.sql})`;
  if (c.value === null) {
    if (c.op === '==') return `${column} IS NULL`;
    if (c.op === '!=') return `${column} IS NOT NULL`;
    throw filterError(`'${c.op}' cannot compare field ${c.field} to null`, c.valuePosition, 'use == null or != null');
  }
  if (c.op === '~') return regex(c, spec, column, param);
  if (ORDERING_OPS.has(c.op) && spec.type !== 'string' && spec.type !== 'number' && spec.type !== 'time') {
    throw filterError(
      `'${c.op}' needs a string, number or time field, and ${c.field} is a ${spec.type} field`,
      c.fieldPosition,
    );
  }
  const { value, cast, target } = typedValue(c, spec);
  if (c.op === ':=') {
    if (cast !== 'text')
      throw filterError(`':=' needs a text field, and ${c.field} is a ${spec.type} field`, c.fieldPosition, 'use ==');
    return `coalesce(lower(${target}) = lower(${param(value, cast)}), false)`;
  }
  const p = param(value, cast);
  if (ORDERING_OPS.has(c.op)) {
    // Two-valued without coalesce (the value is never null), so an index on the column serves the range.
    return `(${target} IS NOT NULL AND ${target} ${c.op} ${p})`;
  }
  return c.op === '==' ? `coalesce(${target} = ${p}, false)` : `(${target} IS DISTINCT FROM ${p})`;
}

function regex(c: FilterComparison, spec: FieldSpec, column: string, param: Param): string {
  if (spec.type !== 'string' && spec.type !== 'enum') {
    throw filterError(`'~' needs a text field, and ${c.field} is a ${spec.type} field`, c.fieldPosition);
  }
  if (typeof c.value !== 'string')
    throw filterError(`'~' needs a quoted regular expression for field ${c.field}`, c.valuePosition);
  const regex = compileFilterRegex(c, c.value);
  const p = param(null, 'text[]', { field: c.field, column: spec.sql, regex, position: c.valuePosition });
  return `coalesce(${column}::text = ANY(${p}), false)`;
}

/** The parameter value, its SQL cast and the column expression to compare, after the field's type checks. */
function typedValue(c: FilterComparison, spec: FieldSpec): { value: unknown; cast: string; target: string } {
  const column = `(${spec.sql})`;
  const shown = typeof c.value === 'string' ? excerpt(c.value) : String(c.value);
  if (typeof c.value === 'string' && hasControlOrBrokenText(c.value)) {
    throw filterError(`the value for field ${c.field} contains control characters or broken Unicode`, c.valuePosition);
  }
  switch (spec.type) {
    case 'number':
      if (typeof c.value !== 'number')
        throw filterError(`${shown} is not a number for field ${c.field}`, c.valuePosition);
      return { value: c.value, cast: 'numeric', target: column };
    case 'boolean':
      if (typeof c.value !== 'boolean')
        throw filterError(`${shown} is not true or false for field ${c.field}`, c.valuePosition);
      return { value: c.value, cast: 'boolean', target: column };
    case 'time': {
      const at = typeof c.value === 'string' ? parseStoredInstant(c.value) : null;
      if (at === null) {
        throw filterError(
          `${shown} is not a date-time for field ${c.field}`,
          c.valuePosition,
          "use RFC 3339, e.g. '2026-01-01T00:00:00.000Z'",
        );
      }
      return { value: at.toISOString(), cast: 'timestamptz', target: column };
    }
    default: {
      if (typeof c.value !== 'string')
        throw filterError(`${shown} is not a quoted string for field ${c.field}`, c.valuePosition);
      const value = spec.normalize === undefined ? c.value : spec.normalize(c.value);
      if (spec.type === 'enum') checkEnum(c, spec, value);
      return { value, cast: 'text', target: `${column}::text` };
    }
  }
}

function checkEnum(c: FilterComparison, spec: FieldSpec, value: string): void {
  const allowed = spec.values ?? [];
  const ok = c.op === ':=' ? allowed.some((v) => v.toLowerCase() === value.toLowerCase()) : allowed.includes(value);
  if (!ok)
    throw filterError(
      `${excerpt(value)} is not a valid ${c.field}`,
      c.valuePosition,
      `expected one of ${allowed.join(', ')}`,
    );
}
