// An in-memory SecretStore keeping the store contract (all-or-nothing replacing writes, describe without the secret,
// recorded key IDs and update times from a clock) with fault hooks. Test code only; the value stays in a Secret.
import type { Clock } from '../../src/kernel/clock.js';
import type { Secret } from '../../src/kernel/secret.js';
import type { SecretMeta, SecretRef, SecretStore, StoredSecret } from '../../src/core/ports/secret-store.js';
import type { FaultHook } from './fake-driver.js';

interface Entry {
  readonly secret: Secret;
  readonly meta: SecretMeta;
  readonly updatedAt: Date;
}

export class MemoryStore implements SecretStore {
  readonly type = 'memory';
  readonly name: string;
  readonly #entries = new Map<string, Entry>();
  readonly #clock: Clock;
  readonly #hook: FaultHook | undefined;
  /** Operations performed, in order, for assertions. */
  readonly calls: string[] = [];

  constructor(name: string, clock: Clock, hook?: FaultHook) {
    this.name = name;
    this.#clock = clock;
    this.#hook = hook;
  }

  async #op<T>(op: string, ref: SecretRef, effect: () => T): Promise<T> {
    if (ref.store !== this.name) throw new Error(`memory store ${this.name} asked for a ref of store ${ref.store}`);
    this.calls.push(op);
    this.#hook?.('before', op, `${this.name}/${ref.name}`);
    const result = effect();
    this.#hook?.('after', op, `${this.name}/${ref.name}`);
    return result;
  }

  write(ref: SecretRef, secret: Secret, meta: SecretMeta): Promise<void> {
    return this.#op('store.write', ref, () => {
      this.#entries.set(ref.name, { secret, meta: { ...meta }, updatedAt: this.#clock.now() });
    });
  }

  describe(ref: SecretRef): Promise<StoredSecret> {
    return this.#op('store.describe', ref, (): StoredSecret => {
      const entry = this.#entries.get(ref.name);
      return entry ? { state: 'holds', keyId: entry.meta.keyId, updatedAt: entry.updatedAt } : { state: 'absent' };
    });
  }

  delete(ref: SecretRef): Promise<void> {
    return this.#op('store.delete', ref, () => {
      this.#entries.delete(ref.name);
    });
  }

  /** What a consumer reading the secret would get (tests use it to call the key service's verify). */
  read(name: string): { readonly secret: Secret; readonly meta: SecretMeta } | undefined {
    const entry = this.#entries.get(name);
    return entry ? { secret: entry.secret, meta: entry.meta } : undefined;
  }

  names(): string[] {
    return [...this.#entries.keys()].sort();
  }
}
