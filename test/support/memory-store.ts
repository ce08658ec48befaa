// An in-memory SecretStore that writes in the same steps as the real stores (pending marker, value, confirm) with
// failure and crash injectable at every step. Test code only; the value stays in a Secret and in no event.
//
// API (for core fault-injection tests):
// - new MemoryStore(name, clock, hook?, { events?, crash? })
// - Steps, each emitted as a `store.step` event (data.step) after it is done, like the real stores:
//   write:  memory.write-started → memory.pending-marked → memory.value-written → memory.confirmed
//   delete: memory.delete-started → memory.value-deleted → memory.marker-deleted
// - hook(phase, op, target): op is 'store.write' | 'store.describe' | 'store.delete' (before/after the whole call)
//   or a step name (before/after that step). Throwing in 'before <step>' fails the write with the step not done;
//   throwing in 'after <step>' fails it with the step done (a lost response).
// - failAt(step, error?, times = 1): the next `times` arrivals at `step` throw `error` (default a system
//   KeywardError 'test.store-unavailable') before the step is done.
// - crashAt(step): the next arrival at `step` does the step, then trips the CrashSwitch: that call and every later
//   call on anything sharing the switch never settles (a process killed there). Returns a promise resolved on the trip;
//   `store.crash.reset()` then starts "the next process" on the state left behind (stuck calls stay stuck).
//   Share one CrashSwitch (options.crash) between stores and, with crash.guard(), any other fake.
// - describe: absent (no value) | holds keyId (value, confirmed) | uncertain (value and a pending marker; candidates
//   are the pending key ID and every key ID the value may have been before).
// - read(name): what a consumer reading the secret gets (the value, confirmed or not); marker(name): the marker.
import type { Clock } from '../../src/kernel/clock.js';
import { KeywardError } from '../../src/kernel/errors.js';
import type { EventSink } from '../../src/kernel/events.js';
import type { Secret } from '../../src/kernel/secret.js';
import type { SecretMeta, SecretRef, SecretStore, StoredSecret } from '../../src/core/ports/secret-store.js';
import { emitStep } from '../../src/stores/step.js';
import type { FaultHook } from './fake-driver.js';

export const MEMORY_WRITE_STEPS = [
  'memory.write-started',
  'memory.pending-marked',
  'memory.value-written',
  'memory.confirmed',
] as const;
export const MEMORY_DELETE_STEPS = ['memory.delete-started', 'memory.value-deleted', 'memory.marker-deleted'] as const;
export type MemoryStep = (typeof MEMORY_WRITE_STEPS)[number] | (typeof MEMORY_DELETE_STEPS)[number];

/** Once tripped, every guarded call never settles: what a killed process does to its pending work. */
export class CrashSwitch {
  #tripped = false;
  #onTrip: (() => void)[] = [];
  get tripped(): boolean {
    return this.#tripped;
  }
  trip(): void {
    this.#tripped = true;
    for (const f of this.#onTrip.splice(0)) f();
  }
  /** The next process starts: calls stuck in the crash stay stuck for good, new calls run. */
  reset(): void {
    this.#tripped = false;
  }
  /** Resolves when the switch trips. */
  whenTripped(): Promise<void> {
    return this.#tripped ? Promise.resolve() : new Promise((resolve) => this.#onTrip.push(resolve));
  }
  /** A promise that never settles, after a trip. */
  async guard(): Promise<void> {
    if (this.#tripped) await new Promise<never>(() => undefined);
  }
}

interface Value {
  readonly secret: Secret;
  readonly meta: SecretMeta;
  readonly updatedAt: Date;
}
interface Marker {
  readonly pending: string;
  readonly candidates: readonly string[];
}
interface Entry {
  value?: Value;
  confirmed?: string;
  marker?: Marker;
}

export interface MemoryStoreOptions {
  readonly events?: EventSink;
  readonly crash?: CrashSwitch;
}

export class MemoryStore implements SecretStore {
  readonly type = 'memory';
  readonly name: string;
  readonly #entries = new Map<string, Entry>();
  readonly #clock: Clock;
  readonly #hook: FaultHook | undefined;
  readonly #events: EventSink | undefined;
  readonly crash: CrashSwitch;
  readonly #failures = new Map<string, { error: Error; times: number }>();
  readonly #crashes = new Set<string>();
  /** Operations performed, in order, for assertions (whole calls only, not steps). */
  readonly calls: string[] = [];

  constructor(name: string, clock: Clock, hook?: FaultHook, options: MemoryStoreOptions = {}) {
    this.name = name;
    this.#clock = clock;
    this.#hook = hook;
    this.#events = options.events;
    this.crash = options.crash ?? new CrashSwitch();
  }

  failAt(step: MemoryStep, error?: Error, times = 1): void {
    const fallback = new KeywardError('test.store-unavailable', `memory store ${this.name}: failed at ${step}`);
    this.#failures.set(step, { error: error ?? fallback, times });
  }

  crashAt(step: MemoryStep): Promise<void> {
    this.#crashes.add(step);
    return this.crash.whenTripped();
  }

  async #op<T>(op: string, ref: SecretRef, effect: () => Promise<T> | T): Promise<T> {
    if (ref.store !== this.name) throw new Error(`memory store ${this.name} asked for a ref of store ${ref.store}`);
    await this.crash.guard();
    this.calls.push(op);
    this.#hook?.('before', op, `${this.name}/${ref.name}`);
    const result = await effect();
    this.#hook?.('after', op, `${this.name}/${ref.name}`);
    return result;
  }

  async #step(
    ref: SecretRef,
    step: MemoryStep,
    message: string,
    keyId: string | undefined,
    effect: () => void,
  ): Promise<void> {
    await this.crash.guard();
    const target = `${this.name}/${ref.name}`;
    this.#hook?.('before', step, target);
    const failure = this.#failures.get(step);
    if (failure) {
      if (--failure.times <= 0) this.#failures.delete(step);
      throw failure.error;
    }
    effect();
    emitStep(this.#events, ref, step, message, keyId);
    if (this.#crashes.delete(step)) {
      this.crash.trip();
      await this.crash.guard();
    }
    this.#hook?.('after', step, target);
  }

  #entry(name: string): Entry {
    let entry = this.#entries.get(name);
    if (!entry) this.#entries.set(name, (entry = {}));
    return entry;
  }

  write(ref: SecretRef, secret: Secret, meta: SecretMeta): Promise<void> {
    return this.#op('store.write', ref, async () => {
      const id = meta.keyId;
      await this.#step(ref, 'memory.write-started', `writing key ${id}`, id, () => undefined);
      await this.#step(ref, 'memory.pending-marked', `marked a pending write of key ${id}`, id, () => {
        const e = this.#entry(ref.name);
        const before = e.marker ? e.marker.candidates : e.value ? [e.confirmed ?? e.value.meta.keyId] : [];
        e.marker = { pending: id, candidates: [...new Set([id, ...before])] };
      });
      await this.#step(ref, 'memory.value-written', `wrote the value of key ${id}`, id, () => {
        this.#entry(ref.name).value = { secret, meta: { ...meta }, updatedAt: this.#clock.now() };
      });
      await this.#step(ref, 'memory.confirmed', `confirmed key ${id}`, id, () => {
        const e = this.#entry(ref.name);
        e.confirmed = id;
        delete e.marker;
      });
    });
  }

  describe(ref: SecretRef): Promise<StoredSecret> {
    return this.#op('store.describe', ref, (): StoredSecret => {
      const e = this.#entries.get(ref.name);
      if (!e?.value) return { state: 'absent' };
      if (e.marker) {
        const reason = `a write of key ${e.marker.pending} was started and not confirmed`;
        return { state: 'uncertain', candidates: e.marker.candidates, reason, updatedAt: e.value.updatedAt };
      }
      return { state: 'holds', keyId: e.confirmed ?? e.value.meta.keyId, updatedAt: e.value.updatedAt };
    });
  }

  delete(ref: SecretRef): Promise<void> {
    return this.#op('store.delete', ref, async () => {
      await this.#step(ref, 'memory.delete-started', 'deleting', undefined, () => undefined);
      await this.#step(ref, 'memory.value-deleted', 'deleted the value', undefined, () => {
        const e = this.#entries.get(ref.name);
        if (e) {
          delete e.value;
          delete e.confirmed;
        }
      });
      await this.#step(ref, 'memory.marker-deleted', 'deleted the key ID and any marker', undefined, () => {
        this.#entries.delete(ref.name);
      });
    });
  }

  /** What a consumer reading the secret would get (tests use it to call the key service's verify). */
  read(name: string): { readonly secret: Secret; readonly meta: SecretMeta } | undefined {
    const value = this.#entries.get(name)?.value;
    return value ? { secret: value.secret, meta: value.meta } : undefined;
  }

  /** The pending marker of a write that was not confirmed, if any. */
  marker(name: string): { readonly pending: string; readonly candidates: readonly string[] } | undefined {
    return this.#entries.get(name)?.marker;
  }

  names(): string[] {
    return [...this.#entries.entries()]
      .filter(([, e]) => e.value)
      .map(([n]) => n)
      .sort();
  }
}
