// Collects key uses in memory and writes them in one UPDATE per flush (at most every interval, and on shutdown).
// Never writes per request; a failed flush keeps its uses for the next one rather than losing them.
import type { Queryable } from '../storage/database.js';
import { recordLastUsed } from '../repository/keys-repo.js';

export interface FlushTimer {
  /** Calls fn every intervalMs until the returned stop function is called. */
  every(intervalMs: number, fn: () => void): () => void;
}

export const realTimer: FlushTimer = {
  every(intervalMs, fn) {
    const handle = setInterval(fn, intervalMs);
    handle.unref();
    return () => clearInterval(handle);
  },
};

export class LastUsedBatcher {
  #pending = new Map<string, Date>();
  #flushing: Promise<void> = Promise.resolve();
  #stop: (() => void) | undefined;

  constructor(
    private readonly db: Queryable,
    private readonly onError: (err: unknown) => void,
  ) {}

  record(keyId: string, at: Date): void {
    const previous = this.#pending.get(keyId);
    if (previous === undefined || previous.getTime() < at.getTime()) this.#pending.set(keyId, at);
  }

  /** A use not yet written, so reads in this process show it at once. */
  pending(keyId: string): Date | undefined {
    return this.#pending.get(keyId);
  }

  start(timer: FlushTimer, intervalMs: number): void {
    this.#stop = timer.every(intervalMs, () => {
      void this.flush();
    });
  }

  /** Writes everything pending in one statement; flushes never overlap. */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(async () => {
      if (this.#pending.size === 0) return;
      const batch = this.#pending;
      this.#pending = new Map();
      try {
        await recordLastUsed(this.db, batch);
      } catch (err) {
        for (const [id, at] of batch) this.record(id, at);
        this.onError(err);
      }
    });
    return this.#flushing;
  }

  /** Stops the timer and writes what is left. */
  async stop(): Promise<void> {
    this.#stop?.();
    this.#stop = undefined;
    await this.flush();
  }
}
