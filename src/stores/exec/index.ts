// The exec store's public surface: the factory, the store class and its exit-code conventions. Re-exports only.
export { createExecStore } from './factory.js';
export { ExecStore } from './exec-store.js';
export { EXIT_PERMISSION, EXIT_TRANSIENT } from './errors.js';
