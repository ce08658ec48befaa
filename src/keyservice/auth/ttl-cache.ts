// A small in-process cache with a time-to-live, so verify and auth need no database round trip on the hot path.
// Never the source of truth: local writes clear it, and the TTL bounds how stale another instance's change can be.

export class TtlCache<V> {
  readonly #entries = new Map<string, { value: V; at: number }>();
  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
    private readonly maxEntries = 100_000,
  ) {}

  /** The cached entry (which may hold null for "known absent"), or undefined on a miss. */
  get(key: string): { value: V } | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (this.now() - entry.at >= this.ttlMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  set(key: string, value: V): void {
    if (this.ttlMs <= 0) return;
    if (this.#entries.size >= this.maxEntries) this.#entries.clear();
    this.#entries.set(key, { value, at: this.now() });
  }

  clear(): void {
    this.#entries.clear();
  }
}
