// Runs the flushes of an in-memory batch that is written to storage now and then (last-used times, aggregated audit
// rows): on a timer, on demand, and once more at stop. Flushes never overlap; a batch whose write failed goes back to
// be written with the next one, so nothing collected is lost to a storage error.

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

/**
 * Pending entries by key, and the flushes that write them. A subclass adds to `pending` and says how to `write` a batch
 * and how to `putBack` an entry of a batch whose write failed (merged into what came since). A flush takes the whole
 * map, leaving a new, empty one.
 */
export abstract class FlushLoop<K, V> {
  #pending = new Map<K, V>();
  #flushing: Promise<void> = Promise.resolve();
  #stop: (() => void) | undefined;

  constructor(private readonly onError: (err: unknown) => void) {}

  protected abstract write(batch: ReadonlyMap<K, V>): Promise<void>;
  protected abstract putBack(key: K, value: V): void;

  /** What the next flush writes. */
  protected get pending(): Map<K, V> {
    return this.#pending;
  }

  start(timer: FlushTimer, intervalMs: number): void {
    this.#stop = timer.every(intervalMs, () => {
      void this.flush();
    });
  }

  /** Writes what is pending once the flush before it has ended; resolves when it is written or put back. */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(async () => {
      if (this.#pending.size === 0) return;
      const batch = this.#pending;
      this.#pending = new Map();
      try {
        await this.write(batch);
      } catch (err) {
        batch.forEach((value, key) => this.putBack(key, value));
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
