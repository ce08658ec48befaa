// The vault secret store: one KV v2 secret per ref, written with check-and-set against the version it read, and the
// keyward key ID in the secret's custom_metadata. It never reads the secret back and never puts it in an error.
import { systemClock, type Clock } from '../../kernel/clock.js';
import { isKeywardError } from '../../kernel/errors.js';
import { nullSink, type EventSink } from '../../kernel/events.js';
import type { Secret } from '../../kernel/secret.js';
import { realSleep, withRetry, type Sleep } from '../retry.js';
import { storeError, type StoreIdentity } from '../store-error.js';
import type { SecretMeta, SecretRef, SecretStore, StoredSecret } from '../../core/ports/secret-store.js';
import { secretNameProblem, secretPath, type VaultConfig } from './config.js';
import { classifyVaultError, policyFor, vaultStoreError } from './errors.js';
import { VaultHttpError, type VaultClient } from './vault-client.js';
import { ABSENT, holds, unknownKey } from '../stored.js';

export interface VaultStoreDeps {
  /** Called on first use, so a missing VAULT_TOKEN fails the call that needed it (naming the ref). */
  readonly client: () => VaultClient;
  readonly clock?: Clock;
  readonly sleep?: Sleep;
  readonly events?: EventSink;
}

type Op = 'write' | 'describe' | 'delete';

/** The custom_metadata keys keyward owns; other keys on the secret are kept as they are. */
export const KEY_ID_METADATA = 'keyward_key_id';
const KEYWARD_PREFIX = 'keyward_';

interface Metadata {
  readonly currentVersion: number;
  readonly customMetadata: Readonly<Record<string, string>>;
  readonly versions: Readonly<Record<string, { created_time?: string; deletion_time?: string; destroyed?: boolean }>>;
}

export class VaultStore implements SecretStore {
  readonly type = 'vault';
  #client: VaultClient | undefined;

  constructor(readonly name: string, private readonly config: VaultConfig, private readonly deps: VaultStoreDeps) {}

  async write(ref: SecretRef, secret: Secret, meta: SecretMeta): Promise<void> {
    const path = this.#path(ref);
    let current = await this.#readMetadata(ref, 'write', path);
    try {
      await this.#writeData(ref, path, secret, current?.currentVersion ?? 0);
    } catch (error) {
      if (!isCasMismatch(error)) throw this.#error(ref, `writing ${this.#where(path)}`, error);
      // Someone wrote between our read and our write. Only a writer delivering the same key is safe to follow.
      const seen = current?.currentVersion ?? 0;
      current = await this.#readMetadata(ref, 'write', path);
      if (current?.customMetadata[KEY_ID_METADATA] !== meta.keyId) {
        throw storeError(this.#identity(), ref, 'store.vault.conflict',
          `${this.#where(path)} changed while keyward was writing it (version ${seen} → ${current?.currentVersion ?? 'deleted'}, key ID ${current?.customMetadata[KEY_ID_METADATA] ?? 'unknown'}); another writer is delivering a different key: re-run plan once it has finished`,
          { source: 'user', details: { path } });
      }
      try {
        await this.#writeData(ref, path, secret, current.currentVersion);
      } catch (retryError) {
        throw this.#error(ref, `writing ${this.#where(path)} after a concurrent write`, retryError);
      }
    }
    const kept = Object.fromEntries(Object.entries(current?.customMetadata ?? {}).filter(([k]) => !k.startsWith(KEYWARD_PREFIX)));
    const custom = { ...kept, [KEY_ID_METADATA]: meta.keyId, keyward_service_user: meta.serviceUser, keyward_key_name: meta.keyName, keyward_generation: String(meta.generation) };
    await this.#call(ref, 'write', `recording key ID ${meta.keyId} in the metadata of ${this.#where(path)}`, (c) =>
      c.request('POST', `${this.config.mount}/metadata/${path}`, { custom_metadata: custom }));
  }

  async describe(ref: SecretRef): Promise<StoredSecret> {
    const path = this.#path(ref);
    const metadata = await this.#readMetadata(ref, 'describe', path);
    const version = metadata?.versions[String(metadata.currentVersion)];
    if (!metadata || !version || version.destroyed === true || (version.deletion_time ?? '') !== '') return ABSENT;
    const created = version.created_time ? new Date(version.created_time) : null;
    const updatedAt = created && !Number.isNaN(created.getTime()) ? created : null;
    const keyId = metadata.customMetadata[KEY_ID_METADATA];
    return keyId === undefined ? unknownKey(updatedAt) : holds(keyId, updatedAt);
  }

  async delete(ref: SecretRef): Promise<void> {
    const path = this.#path(ref);
    await this.#call(ref, 'delete', `deleting every version of ${this.#where(path)}`, (c) => c.request('DELETE', `${this.config.mount}/metadata/${path}`));
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
    return this.#retrying(ref, 'write', `writing ${this.#where(path)}`, () => client.request('POST', `${this.config.mount}/data/${path}`, body));
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
    const data = ((answer.body as { data?: Record<string, unknown> } | undefined)?.data ?? {});
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
          code: `store.${op}.retry`, level: 'warn',
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
  return error instanceof VaultHttpError && error.status === 400 && error.messages.some((m) => m.includes('check-and-set'));
}
