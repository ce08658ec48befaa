// Compiles a parsed `_filter` into a PostgreSQL boolean expression with $n placeholders, checking fields and types.
// Never interpolates a user value into SQL: values only ever travel as parameters; field SQL comes from the FieldMap.

import type { FilterComparison, FilterNode } from './filter-ast.js';
import { FILTER_LIMITS } from './filter-ast.js';
import { isDateTime } from './date-time.js';
import { excerpt, filterError } from './filter-error.js';
import { type FieldMap, type FieldSpec, fieldNames, lookupField } from './field-map.js';

export interface CompiledFilter {
  readonly sql: string;
  readonly params: unknown[];
}

/**
 * SQL for `node` over `fields`; placeholders start at `$firstParamIndex`. Every comparison is two-valued
 * (never NULL), so `not` is an exact complement. The caller must still map PostgreSQL error 2201B
 * (invalid_regular_expression) to a 400: see `queryErrorFromDatabase`.
 */
export function compileFilter(node: FilterNode, fields: FieldMap, firstParamIndex = 1): CompiledFilter {
  const params: unknown[] = [];
  const param = (value: unknown, cast: string): string => {
    params.push(value);
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
  return { sql: walk(node), params };
}

type Param = (value: unknown, cast: string) => string;

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
  const { value, cast, target } = typedValue(c, spec);
  if (c.op === ':=') {
    if (cast !== 'text') throw filterError(`':=' needs a text field, and ${c.field} is a ${spec.type} field`, c.fieldPosition, 'use ==');
    return `coalesce(lower(${target}) = lower(${param(value, cast)}), false)`;
  }
  const p = param(value, cast);
  return c.op === '==' ? `coalesce(${target} = ${p}, false)` : `(${target} IS DISTINCT FROM ${p})`;
}

function regex(c: FilterComparison, spec: FieldSpec, column: string, param: Param): string {
  if (spec.type !== 'string' && spec.type !== 'enum') {
    throw filterError(`'~' needs a text field, and ${c.field} is a ${spec.type} field`, c.fieldPosition);
  }
  if (typeof c.value !== 'string') throw filterError(`'~' needs a quoted regular expression for field ${c.field}`, c.valuePosition);
  if (c.value.length > FILTER_LIMITS.maxRegexLength) {
    throw filterError(`the regular expression is longer than ${FILTER_LIMITS.maxRegexLength} characters`, c.valuePosition);
  }
  try {
    new RegExp(c.value);
  } catch (err) {
    const reason = err instanceof Error ? err.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '') : 'invalid';
    throw filterError(`${excerpt(c.value)} is not a valid regular expression (${reason}) for field ${c.field}`, c.valuePosition);
  }
  return `coalesce(${column}::text ~ ${param(c.value, 'text')}, false)`;
}

/** The parameter value, its SQL cast and the column expression to compare, after the field's type checks. */
function typedValue(c: FilterComparison, spec: FieldSpec): { value: unknown; cast: string; target: string } {
  const column = `(${spec.sql})`;
  const shown = typeof c.value === 'string' ? excerpt(c.value) : String(c.value);
  switch (spec.type) {
    case 'number':
      if (typeof c.value !== 'number') throw filterError(`${shown} is not a number for field ${c.field}`, c.valuePosition);
      return { value: c.value, cast: 'numeric', target: column };
    case 'boolean':
      if (typeof c.value !== 'boolean') throw filterError(`${shown} is not true or false for field ${c.field}`, c.valuePosition);
      return { value: c.value, cast: 'boolean', target: column };
    case 'time':
      if (typeof c.value !== 'string' || !isDateTime(c.value)) {
        throw filterError(`${shown} is not a date-time for field ${c.field}`, c.valuePosition, "use RFC 3339, e.g. '2026-01-01T00:00:00.000Z'");
      }
      return { value: c.value, cast: 'timestamptz', target: column };
    default: {
      if (typeof c.value !== 'string') throw filterError(`${shown} is not a quoted string for field ${c.field}`, c.valuePosition);
      const value = spec.normalize === undefined ? c.value : spec.normalize(c.value);
      if (spec.type === 'enum') checkEnum(c, spec, value);
      return { value, cast: 'text', target: `${column}::text` };
    }
  }
}

function checkEnum(c: FilterComparison, spec: FieldSpec, value: string): void {
  const allowed = spec.values ?? [];
  const ok = c.op === ':=' ? allowed.some((v) => v.toLowerCase() === value.toLowerCase()) : allowed.includes(value);
  if (!ok) throw filterError(`${excerpt(value)} is not a valid ${c.field}`, c.valuePosition, `expected one of ${allowed.join(', ')}`);
}
