// The apply engine's public face: apply(), its dependencies and results, and the bounded-concurrency helper.
// Re-exports only.
export { apply } from './apply.js';
export { mapLimit } from './limit.js';
export { APPLY_EVENT_CODES, APPLY_STEPS } from './types.js';
export type { ApplyResult } from './types.js';
export { deliver } from './deliver.js';
export { execute, type ExecuteContext } from './execute.js';
