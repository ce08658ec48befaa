// The file store's factory, as the registry calls it: manifest config (path, recipients) → FileStore.
// Its identity (for reading the file back) comes from KEYWARD_AGE_IDENTITY only, never from the manifest.
import type { StoreConfig, StoreContext } from '../../core/ports/secret-store.js';
import { parseFileStoreConfig } from './config.js';
import { FileStore } from './file-store.js';

/** The registry's factory for `type: file`. */
export function createFileStore(name: string, config: StoreConfig, context: StoreContext): FileStore {
  return new FileStore(name, parseFileStoreConfig({ type: 'file', name }, config, context.baseDir), context);
}
