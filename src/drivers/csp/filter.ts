// Builds `_filter` expressions of the CSP dialect (`name=="deploy" and type=="service"`) with correct quoting.
// Values are always quoted or typed literals, never spliced raw, so a name can never change the expression.

export type FilterOp = '==' | '!=' | '~' | ':=' | '<' | '<=' | '>' | '>=';
export type FilterValue = string | number | boolean | null;

const FIELD = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/** A double-quoted string literal; backslashes and double quotes are escaped with a backslash. */
export function quoteFilterValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

function literal(value: FilterValue): string {
  if (typeof value === 'string') return quoteFilterValue(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`filter value ${value} is not a finite number`);
    return String(value);
  }
  return String(value);
}

/** One comparison, `field op value`. The field must be a plain (dotted) identifier. */
export function filterTerm(field: string, op: FilterOp, value: FilterValue): string {
  if (!FIELD.test(field)) throw new RangeError(`filter field ${JSON.stringify(field)} is not an identifier`);
  return `${field}${op}${literal(value)}`;
}

export function filterEq(field: string, value: FilterValue): string {
  return filterTerm(field, '==', value);
}

function join(word: 'and' | 'or', parts: readonly string[]): string {
  if (parts.length === 0) throw new RangeError(`filter '${word}' needs at least one term`);
  return parts.length === 1 ? (parts[0] as string) : parts.map((p) => `(${p})`).join(` ${word} `);
}

/** `(a) and (b)`; parentheses keep nested `or` terms grouped as written. */
export function filterAnd(...parts: string[]): string {
  return join('and', parts);
}

export function filterOr(...parts: string[]): string {
  return join('or', parts);
}

export function filterNot(part: string): string {
  return `not (${part})`;
}
