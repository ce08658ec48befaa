// The exec store's public surface: the factory, the store class and its exit-code conventions.
export { createExecStore, ExecStore, EXIT_PERMISSION, EXIT_TRANSIENT } from './exec-store.js';
export { parseExecStoreConfig, type ExecStoreConfig } from './config.js';
