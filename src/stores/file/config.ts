// The file store's manifest configuration: `{type: file, path, recipients: [age1...]}`, validated up front.
// Never reads or writes the secrets file; bad config is a user error naming `stores.<name>.<field>`.
import { isAbsolute, resolve } from 'node:path';
import { Encrypter } from 'age-encryption';
import { rejectUnknownFields, storeConfigError, type StoreIdentity } from '../store-error.js';
import type { StoreConfig } from '../../core/ports/secret-store.js';

export interface FileStoreConfig {
  /** Absolute path of the age-encrypted secrets file. */
  readonly path: string;
  /** age recipients (`age1...`) every write encrypts to. */
  readonly recipients: readonly string[];
}

export function parseFileStoreConfig(store: StoreIdentity, config: StoreConfig, baseDir: string): FileStoreConfig {
  rejectUnknownFields(store, config, ['path', 'recipients']);
  const path = config.path;
  if (typeof path !== 'string' || path.trim() === '') {
    throw storeConfigError(store, 'path', 'must be the path of the age-encrypted secrets file, e.g. secrets.age');
  }
  const recipients = config.recipients;
  if (!Array.isArray(recipients) || recipients.length === 0) {
    throw storeConfigError(store, 'recipients', 'must list at least one age recipient (age1...)');
  }
  const checked: string[] = [];
  recipients.forEach((recipient: unknown, i) => {
    if (typeof recipient !== 'string') throw storeConfigError(store, `recipients[${i}]`, 'must be a string (age1...)');
    try {
      new Encrypter().addRecipient(recipient.trim());
    } catch {
      throw storeConfigError(store, `recipients[${i}]`, `"${recipient}" is not an age recipient (expected age1...)`);
    }
    checked.push(recipient.trim());
  });
  return { path: isAbsolute(path) ? path : resolve(baseDir, path), recipients: checked };
}
