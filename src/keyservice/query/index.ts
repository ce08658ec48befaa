// The key service's query layer: the `_filter` language and the list options, parsed and compiled to safe SQL.
// Re-exports only; nothing here may hold state or logic.

export type { FilterComparison, FilterJunction, FilterNode, FilterOp, FilterValue } from './filter-ast.js';
export { parseFilter } from './filter-parser.js';
export { printFilter } from './filter-print.js';
export { compileFilter } from './filter-compile.js';
export type { FieldMap } from './field-map.js';
export type { ListOptions, ListSpec } from './list-options.js';
export { parseListOptions } from './list-options.js';
export { queryErrorFromDatabase } from './database-error.js';
export { bindFilter } from './filter-bind.js';
export { parseStoredInstant } from './time-value.js';
export { hasControlOrBrokenText, quoteUserText, redactKeyLike } from './user-text.js';
