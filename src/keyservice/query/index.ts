// The key service's query layer: the `_filter` language and the list options, parsed and compiled to safe SQL.
// Re-exports only; nothing here may hold state or logic.

export type { FilterComparison, FilterJunction, FilterNode, FilterNot, FilterOp, FilterValue } from './filter-ast.js';
export { FILTER_LIMITS } from './filter-ast.js';
export { parseFilter } from './filter-parser.js';
export { printFilter, printValue } from './filter-print.js';
export type { CompiledFilter, RegexParam } from './filter-compile.js';
export { compileFilter } from './filter-compile.js';
export type { FieldMap, FieldSpec, FieldType } from './field-map.js';
export type { ListOptions, ListSpec } from './list-options.js';
export { LIST_LIMITS, parseListOptions } from './list-options.js';
export { INVALID_REGULAR_EXPRESSION, queryErrorFromDatabase } from './database-error.js';
export { bindFilter, REGEX_LIMITS } from './filter-bind.js';
export { parseStoredInstant } from './time-value.js';
export { hasControlOrBrokenText, quoteUserText, redactKeyLike } from './user-text.js';
