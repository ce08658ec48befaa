// The `file` secret store, keyward's embedded default: secrets in one age-encrypted JSON file, written atomically.
// It never overwrites a file it cannot decrypt (that would lose other secrets) and never puts a secret in an error.
import { mkdir, open, readdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { systemClock } from '../../kernel/clock.js';
import { userError } from '../../kernel/errors.js';
import type { Secret } from '../../kernel/secret.js';
import { realSleep } from '../../kernel/retry.js';
import { fileStoreError } from './errors.js';
import type { SecretMeta, SecretRef, SecretStore, StoreContext, StoredSecret } from '../../core/ports/secret-store.js';
import { tempFilePattern, writeFileAtomic } from './atomic-write.js';
import type { FileStoreConfig } from './config.js';
import { isAlive, withFileLock } from './file-lock.js';
import { IDENTITY_ENV, loadIdentities } from './identity.js';
import {
  decryptDocument,
  encryptDocument,
  entryFacts,
  type EntryFacts,
  type RawEntry,
  type SecretsDocument,
} from './secrets-document.js';
import { ABSENT, holds, unknownKey } from '../stored.js';
import { emitStep } from '../step.js';

interface LoadedFile {
  /** Changes whenever the file is replaced (every write renames a new inode into place). */
  readonly signature: string;
  readonly document: SecretsDocument;
}

export class FileStore implements SecretStore {
  readonly type = 'file';
  /** Writers in this instance queue here; the lock file serialises everyone else. */
  private queue: Promise<void> = Promise.resolve();
  /** Secret-free facts of the last file read, so a plan's many describes decrypt once. */
  private cache: { readonly signature: string; readonly facts: ReadonlyMap<string, EntryFacts> } | null = null;

  constructor(
    readonly name: string,
    readonly config: FileStoreConfig,
    private readonly context: StoreContext,
  ) {}

  /**
   * One document holds every value with its key ID, replaced by rename: a crash before the rename leaves the old
   * document (and a temp file nobody reads), after it the new one. Steps: docs/stores.md.
   */
  async write(ref: SecretRef, secret: Secret, meta: SecretMeta): Promise<void> {
    const updatedAt = (this.context.clock ?? systemClock).now().toISOString();
    await this.mutate(ref, 'writing', meta.keyId, (doc) => {
      const previous = doc.get(ref.name) ?? {};
      doc.set(ref.name, { ...previous, value: secret.reveal(), keyId: meta.keyId, updatedAt });
      return true;
    });
  }

  async delete(ref: SecretRef): Promise<void> {
    await this.mutate(ref, 'deleting', undefined, (doc) => doc.delete(ref.name));
  }

  async describe(ref: SecretRef): Promise<StoredSecret> {
    try {
      checkRef(ref);
      const loaded = await this.load();
      if (loaded === null) return ABSENT;
      const facts = loaded.get(ref.name);
      if (facts === undefined) return ABSENT;
      return facts.keyId === null ? unknownKey(facts.updatedAt) : holds(facts.keyId, facts.updatedAt);
    } catch (error) {
      throw this.inContext(ref, 'describing', error);
    }
  }

  /** Read-modify-write under the instance queue and the lock file; `change` returns false when nothing changed. */
  private mutate(
    ref: SecretRef,
    action: string,
    keyId: string | undefined,
    change: (doc: SecretsDocument) => boolean,
  ): Promise<void> {
    const step = (name: string, message: string): void => emitStep(this.context.events, ref, name, message, keyId);
    const run = async (): Promise<void> => {
      checkRef(ref);
      step(keyId === undefined ? 'file.delete-started' : 'file.write-started', action);
      await mkdir(dirname(this.config.path), { recursive: true, mode: 0o700 });
      await withFileLock(`${this.config.path}.lock`, { sleep: this.context.sleep ?? realSleep }, async () => {
        step('file.locked', `locked ${this.config.path}`);
        await removeDeadTempFiles(this.config.path);
        const current = await this.readFile();
        const doc: SecretsDocument = current?.document ?? new Map<string, RawEntry>();
        if (!change(doc)) return;
        if (current === null && doc.size === 0) return;
        const bytes = await encryptDocument(doc, this.config.recipients);
        this.cache = null;
        await writeFileAtomic(this.config.path, bytes, 0o600, (done) => {
          const what = done === 'renamed' ? `replaced ${this.config.path}` : 'wrote the new document to a temp file';
          step(`file.${done}`, what);
        });
      });
      step('file.unlocked', `unlocked ${this.config.path}`);
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result.catch((error: unknown) => {
      throw this.inContext(ref, action, error);
    });
  }

  /** The secret-free facts of every entry, from the cache when the file has not changed since it was last read. */
  private async load(): Promise<ReadonlyMap<string, EntryFacts> | null> {
    const cached = this.cache;
    const file = await this.readFile(cached?.signature);
    if (file === null) return null;
    if (file === 'unchanged') return cached?.facts ?? null;
    const facts = new Map([...file.document].map(([name, entry]) => [name, entryFacts(entry)]));
    this.cache = { signature: file.signature, facts };
    return facts;
  }

  /** Reads and decrypts the file; null when it does not exist; 'unchanged' when it still has `knownSignature`. */
  private async readFile(): Promise<LoadedFile | null>;
  private async readFile(knownSignature: string | undefined): Promise<LoadedFile | 'unchanged' | null>;
  private async readFile(knownSignature?: string): Promise<LoadedFile | 'unchanged' | null> {
    let handle;
    try {
      handle = await open(this.config.path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      const stats = await handle.stat();
      const signature = `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
      if (signature === knownSignature) return 'unchanged';
      const identities = await loadIdentities(this.context.env);
      if (identities === null) {
        throw userError(
          'store.file.identity-missing',
          `${this.config.path} exists and reading it needs an age identity: set ${IDENTITY_ENV} to the path of an age identity file`,
        );
      }
      return { signature, document: await decryptDocument(await handle.readFile(), identities) };
    } finally {
      await handle.close();
    }
  }

  private inContext(ref: SecretRef, action: string, error: unknown): Error {
    return fileStoreError(this, ref, `${action} ${this.config.path}`, error);
  }
}

/** Removes temp files a killed writer left beside `path` (called under the lock; a live writer's stay). */
async function removeDeadTempFiles(path: string): Promise<void> {
  const pattern = tempFilePattern(path);
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1] ?? Number.NaN);
    if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    await unlink(join(dirname(path), name)).catch(() => undefined);
  }
}

function checkRef(ref: SecretRef): void {
  if (typeof ref.name !== 'string' || ref.name === '')
    throw userError('store.ref-invalid', 'the secret name must be a non-empty string');
}
