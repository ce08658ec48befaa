// Collects key uses in memory and writes them in one UPDATE per flush (at most every interval, and on shutdown).
// Never writes per request; a failed flush keeps its uses for the next one rather than losing them.
import type { Queryable } from '../storage/database.js';
import { recordLastUsed } from '../repository/keys-repo.js';
import { FlushLoop, type FlushTimer } from '../service/flush-loop.js';

export class LastUsedBatcher {
  readonly #loop: FlushLoop<string, Date>;

  constructor(db: Queryable, onError: (err: unknown) => void) {
    this.#loop = new FlushLoop(
      (uses) => recordLastUsed(db, uses),
      (id, at) => this.record(id, at),
      onError,
    );
  }

  record(keyId: string, at: Date): void {
    const previous = this.#loop.pending.get(keyId);
    if (previous === undefined || previous.getTime() < at.getTime()) this.#loop.pending.set(keyId, at);
  }

  /** A use not yet written, so reads in this process show it at once. */
  pending(keyId: string): Date | undefined {
    return this.#loop.pending.get(keyId);
  }

  start(timer: FlushTimer, intervalMs: number): void {
    this.#loop.start(timer, intervalMs);
  }

  /** Writes everything pending in one statement; flushes never overlap. */
  flush(): Promise<void> {
    return this.#loop.flush();
  }

  /** Stops the timer and writes what is left. */
  stop(): Promise<void> {
    return this.#loop.stop();
  }
}
