// The observer's public face: observe() and its dependencies.
// Re-exports only.
export { observe } from './observe.js';
export type { ObservedModel } from '../model.js';
