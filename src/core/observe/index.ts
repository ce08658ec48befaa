// The observer's public face: observe() and its dependencies.
// Re-exports only.
export { observe, driverOf, storeOf, type ObserveDeps } from './observe.js';
export type { ObservedModel, ObservedScope, ObservedSecret } from '../model.js';
