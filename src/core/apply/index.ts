// The apply engine's public face: apply(), its dependencies and results, and the bounded-concurrency helper.
// Re-exports only.
export { apply } from './apply.js';
export { backoffDelay, defaultRetry, resolveRetry } from './retry.js';
export { mapLimit } from './limit.js';
export { APPLY_EVENT_CODES, APPLY_STEPS } from './types.js';
export type { ActionResult, ActionStatus, ApplyDeps, ApplyEventCode, ApplyResult, RetryPolicy } from './types.js';
export { deliver, type DeliverContext } from './deliver.js';
export { writeVerified } from './retry.js';
export { execute, type ExecuteContext, type UserSequence } from './execute.js';
