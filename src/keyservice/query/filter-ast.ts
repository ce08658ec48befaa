// The shape of a parsed `_filter` expression, shared by the parser, the printer and the SQL compiler.
// Pure data: nothing here may hold SQL text or reach a database.

/**
 * A comparison operator: `==`, `!=`, `~` (regular expression match), `:=` (case-insensitive equality),
 * and the orderings `<`, `<=`, `>`, `>=` (strings as text in the column's collation, times as instants, numbers).
 */
export type FilterOp = '==' | '!=' | '~' | ':=' | '<' | '<=' | '>' | '>=';

/** The ordering operators, which compile to sargable SQL comparisons. */
export const ORDERING_OPS: ReadonlySet<FilterOp> = new Set<FilterOp>(['<', '<=', '>', '>=']);

/** A literal on the right of a comparison: a string, a finite number, `true`/`false`, or `null`. */
export type FilterValue = string | number | boolean | null;

/** `field op value`; positions are 1-based character offsets into the filter text (0 when built by code). */
export interface FilterComparison {
  readonly kind: 'comparison';
  readonly field: string;
  readonly op: FilterOp;
  readonly value: FilterValue;
  readonly fieldPosition: number;
  readonly valuePosition: number;
}

/** `a and b and ...` / `a or b or ...`: always two or more operands. */
export interface FilterJunction {
  readonly kind: 'and' | 'or';
  readonly operands: readonly FilterNode[];
}

interface FilterNot {
  readonly kind: 'not';
  readonly operand: FilterNode;
}

export type FilterNode = FilterComparison | FilterJunction | FilterNot;

/** Limits against hostile input; each is checked with a clear 400 past it. */
export const FILTER_LIMITS = {
  maxLength: 4096,
  maxDepth: 32,
  maxComparisons: 100,
  maxRegexLength: 256,
} as const;
