// The vault secret store: one KV v2 secret per ref, written with check-and-set between a pending marker and a
// confirmed key ID in custom_metadata (key-record.ts). It never reads the secret back and never puts it in an error.
import { systemClock, type Clock } from '../../kernel/clock.js';
import { isKeywardError } from '../../kernel/errors.js';
import { nullSink, type EventSink } from '../../kernel/events.js';
import type { Secret } from '../../kernel/secret.js';
import { realSleep, withRetry, type Sleep } from '../../kernel/retry.js';
import { storeError, type StoreIdentity } from '../store-error.js';
import type { SecretMeta, SecretRef, SecretStore, StoredSecret } from '../../core/ports/secret-store.js';
import { secretNameProblem, secretPath, type VaultConfig } from './config.js';
import { classifyVaultError, policyFor, vaultStoreError } from './errors.js';
import { VaultHttpError, type VaultClient } from './vault-client.js';
import { emitStep } from '../step.js';
import {
  confirmedMetadata,
  KEY_ID_METADATA,
  pendingMetadata,
  storedFromMetadata,
  type Metadata,
} from './key-record.js';

export interface VaultStoreDeps {
  /** Called on first use, so a missing VAULT_TOKEN fails the call that needed it (naming the ref). */
  readonly client: () => VaultClient;
  readonly clock?: Clock;
  readonly sleep?: Sleep;
  readonly events?: EventSink;
}

type Op = 'write' | 'describe' | 'delete';

export class VaultStore implements SecretStore {
  readonly type = 'vault';
  #client: VaultClient | undefined;

  constructor(
    readonly name: string,
    private readonly config: VaultConfig,
    private readonly deps: VaultStoreDeps,
  ) {}

  /**
   * Steps a crash can stop between (docs/stores.md): mark the write pending in custom_metadata with the version it
   * will create, write the data with check-and-set, confirm. describe judges a marker by the current version.
   */
  async write(ref: SecretRef, secret: Secret, meta: SecretMeta): Promise<void> {
    const path = this.#path(ref);
    this.#step(ref, 'vault.write-started', `writing key ${meta.keyId}`, meta.keyId);
    let current = await this.#readMetadata(ref, 'write', path);
    let version = (current?.currentVersion ?? 0) + 1;
    const marking = `marking a pending write of key ${meta.keyId}`;
    await this.#writeMetadata(ref, path, marking, pendingMetadata(current, meta.keyId, version));
    this.#step(ref, 'vault.pending-marked', `marked a write of key ${meta.keyId} as version ${version}`, meta.keyId);
    try {
      await this.#writeData(ref, path, secret, version - 1);
    } catch (error) {
      if (!isCasMismatch(error)) throw this.#error(ref, `writing ${this.#where(path)}`, error);
      // Someone wrote between our read and our write. Only a writer delivering the same key is safe to follow.
      const seen = version - 1;
      current = await this.#readMetadata(ref, 'write', path);
      if (current?.customMetadata[KEY_ID_METADATA] !== meta.keyId) {
        throw storeError(
          this.#identity(),
          ref,
          'store.vault.conflict',
          `${this.#where(path)} changed while keyward was writing it (version ${seen} → ${current?.currentVersion ?? 'deleted'}, key ID ${current?.customMetadata[KEY_ID_METADATA] ?? 'unknown'}); another writer is delivering a different key: re-run plan once it has finished`,
          { source: 'user', details: { path } },
        );
      }
      version = current.currentVersion + 1;
      await this.#writeMetadata(ref, path, marking, pendingMetadata(current, meta.keyId, version));
      try {
        await this.#writeData(ref, path, secret, version - 1);
      } catch (retryError) {
        throw this.#error(ref, `writing ${this.#where(path)} after a concurrent write`, retryError);
      }
    }
    this.#step(ref, 'vault.data-written', `wrote version ${version} for key ${meta.keyId}`, meta.keyId);
    await this.#writeMetadata(ref, path, `recording key ID ${meta.keyId}`, confirmedMetadata(current, meta, version));
    this.#step(ref, 'vault.confirmed', `confirmed key ${meta.keyId} at version ${version}`, meta.keyId);
  }

  async describe(ref: SecretRef): Promise<StoredSecret> {
    return storedFromMetadata(await this.#readMetadata(ref, 'describe', this.#path(ref)));
  }

  /** One call removes every version and all metadata, markers included. */
  async delete(ref: SecretRef): Promise<void> {
    const path = this.#path(ref);
    this.#step(ref, 'vault.delete-started', 'deleting');
    await this.#call(ref, 'delete', `deleting every version of ${this.#where(path)}`, (c) =>
      c.request('DELETE', `${this.config.mount}/metadata/${path}`),
    );
    this.#step(ref, 'vault.deleted', 'deleted every version and the metadata');
  }

  #step(ref: SecretRef, step: string, message: string, keyId?: string): void {
    emitStep(this.deps.events, ref, step, message, keyId);
  }

  #writeMetadata(ref: SecretRef, path: string, what: string, custom: Record<string, string>): Promise<unknown> {
    return this.#call(ref, 'write', `${what} in the metadata of ${this.#where(path)}`, (c) =>
      c.request('POST', `${this.config.mount}/metadata/${path}`, { custom_metadata: custom }),
    );
  }

  #identity(): StoreIdentity {
    return { type: this.type, name: this.name };
  }

  #where(path: string): string {
    return `${this.config.mount}/${path}${this.config.namespace ? ` in namespace ${this.config.namespace}` : ''}`;
  }

  #path(ref: SecretRef): string {
    const problem = secretNameProblem(ref.name);
    if (problem) throw storeError(this.#identity(), ref, 'store.vault.secret-name', problem, { source: 'user' });
    return secretPath(this.config, ref.name);
  }

  #writeData(ref: SecretRef, path: string, secret: Secret, cas: number): Promise<unknown> {
    const client = this.#clientFor(ref);
    const body = { options: { cas }, data: { [this.config.field]: secret.reveal() } };
    return this.#retrying(ref, 'write', `writing ${this.#where(path)}`, () =>
      client.request('POST', `${this.config.mount}/data/${path}`, body),
    );
  }

  /** The secret's metadata, or undefined when Vault has no such key (404 without errors; a routing 404 has some). */
  async #readMetadata(ref: SecretRef, op: Op, path: string): Promise<Metadata | undefined> {
    const answer = await this.#call(ref, op, `reading the metadata of ${this.#where(path)}`, async (c) => {
      const got = await c.request('GET', `${this.config.mount}/metadata/${path}`, undefined, [404]);
      const messages = (got.body as { errors?: unknown[] } | undefined)?.errors ?? [];
      if (got.status === 404 && messages.length > 0) throw new VaultHttpError(404, messages.map(String), {});
      return got;
    });
    if (answer.status === 404) return undefined;
    const data = (answer.body as { data?: Record<string, unknown> } | undefined)?.data ?? {};
    return {
      currentVersion: typeof data['current_version'] === 'number' ? data['current_version'] : 0,
      customMetadata: (data['custom_metadata'] ?? {}) as Record<string, string>,
      versions: (data['versions'] ?? {}) as Metadata['versions'],
    };
  }

  #clientFor(ref: SecretRef): VaultClient {
    try {
      return (this.#client ??= this.deps.client());
    } catch (error) {
      if (!isKeywardError(error)) throw error;
      throw storeError(this.#identity(), ref, error.code, error.message, { source: error.source });
    }
  }

  async #call<T>(ref: SecretRef, op: Op, doing: string, fn: (client: VaultClient) => Promise<T>): Promise<T> {
    const client = this.#clientFor(ref);
    try {
      return await this.#retrying(ref, op, doing, () => fn(client));
    } catch (error) {
      throw this.#error(ref, doing, error);
    }
  }

  #retrying<T>(ref: SecretRef, op: Op, doing: string, fn: () => Promise<T>): Promise<T> {
    const clock = this.deps.clock ?? systemClock;
    const events = this.deps.events ?? nullSink;
    return withRetry(fn, {
      classify: (error) => classifyVaultError(error, clock),
      sleep: this.deps.sleep ?? realSleep,
      onRetry: ({ attempt, delayMs, error }) => {
        const status = error instanceof VaultHttpError ? (error.status ?? null) : null;
        events({
          code: `store.${op}.retry`,
          level: 'warn',
          message: `vault store "${this.name}": ${doing} failed (${status ?? 'network'}); retrying in ${delayMs} ms`,
          data: { storeType: this.type, store: this.name, secret: ref.name, attempt, delayMs, status },
        });
      },
    });
  }

  #error(ref: SecretRef, doing: string, error: unknown) {
    if (isKeywardError(error)) return error;
    const path = secretPath(this.config, ref.name);
    return vaultStoreError(this.#identity(), ref, doing, error, policyFor(this.config.mount, path));
  }
}

function isCasMismatch(error: unknown): boolean {
  return (
    error instanceof VaultHttpError && error.status === 400 && error.messages.some((m) => m.includes('check-and-set'))
  );
}
