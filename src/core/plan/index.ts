// The planner's public face: plan(), its types, the JSON form and the identity matcher.
// Re-exports only.
export { plan } from './plan.js';
export { planToJson, summarize, type PlanJson, type PlanSummary } from './json.js';
export {
  matchScope,
  type MatchedScope,
  type MatchedUser,
  type MatchedKey,
  type MatchedGeneration,
  type MatchedSecret,
} from './match.js';
export { effectiveState, isDelivered, deliveryTime } from './facts.js';
export * from './types.js';
