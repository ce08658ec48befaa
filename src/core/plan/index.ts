// The planner's public face: plan(), its types, the JSON form and the identity matcher.
// Re-exports only.
export { plan } from './plan.js';
export { planToJson, summarize } from './json.js';
export { matchScope } from './match.js';
export { effectiveState, isDelivered } from './facts.js';
export * from './types.js';
