// Prints a FilterNode back to `_filter` text that parses to the same tree (used by tests, drivers and logs).
// Never drops structure: operands that would regroup are parenthesized, strings are always quoted and escaped.

import type { FilterNode, FilterValue } from './filter-ast.js';

/** Canonical text for a filter tree; `parseFilter(printFilter(n))` equals `n` apart from positions. */
export function printFilter(node: FilterNode): string {
  switch (node.kind) {
    case 'comparison':
      return `${node.field} ${node.op} ${printValue(node.value)}`;
    case 'not':
      return `not ${node.operand.kind === 'comparison' || node.operand.kind === 'not' ? printFilter(node.operand) : `(${printFilter(node.operand)})`}`;
    default:
      return node.operands
        .map((o) =>
          o.kind === 'comparison' || o.kind === 'not' || (node.kind === 'or' && o.kind === 'and')
            ? printFilter(o)
            : `(${printFilter(o)})`,
        )
        .join(` ${node.kind} `);
  }
}

/** A literal as filter text: strings single-quoted with `\\`, `\'`, `\n`, `\r`, `\t` escaped. */
function printValue(value: FilterValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  const escaped = value.replace(
    /[\\'\n\r\t]/g,
    (c) => ({ '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? c,
  );
  return `'${escaped}'`;
}
