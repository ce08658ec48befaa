// The exec store's factory, as the registry calls it: manifest config (argv arrays, env, timeout) → ExecStore.
// Needs no credentials of its own: the commands it runs bring theirs.
import type { StoreConfig, StoreContext } from '../../core/ports/secret-store.js';
import { parseExecStoreConfig } from './config.js';
import { ExecStore } from './exec-store.js';

/** The registry's factory for `type: exec`. */
export function createExecStore(name: string, config: StoreConfig, context: StoreContext): ExecStore {
  return new ExecStore(name, parseExecStoreConfig({ type: 'exec', name }, config, context.baseDir), context);
}
