// Collects key uses in memory and writes them in one UPDATE per flush (at most every interval, and on shutdown).
// Never writes per request; a failed flush keeps its uses for the next one rather than losing them.
import type { Queryable } from '../storage/database.js';
import { recordLastUsed } from '../repository/keys-repo.js';
import { FlushLoop } from '../service/flush-loop.js';

export class LastUsedBatcher extends FlushLoop<string, Date> {
  constructor(
    private readonly db: Queryable,
    onError: (err: unknown) => void,
  ) {
    super(onError);
  }

  record(keyId: string, at: Date): void {
    const previous = this.pending.get(keyId);
    if (previous === undefined || previous.getTime() < at.getTime()) this.pending.set(keyId, at);
  }

  /** A use not yet written, so reads in this process show it at once. */
  unwritten(keyId: string): Date | undefined {
    return this.pending.get(keyId);
  }

  protected write(uses: ReadonlyMap<string, Date>): Promise<void> {
    return recordLastUsed(this.db, uses);
  }

  protected putBack(keyId: string, at: Date): void {
    this.record(keyId, at);
  }
}
