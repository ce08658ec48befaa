// Builders for the three StoredSecret states every store's describe returns, so each store says them the same way.
// Reasons are secret-free words and key IDs; never pass a value or anything read from a secret into them.
import type { StoredSecret } from '../core/ports/secret-store.js';

export const ABSENT: StoredSecret = Object.freeze({ state: 'absent' });

export function holds(keyId: string, updatedAt: Date | null): StoredSecret {
  return { state: 'holds', keyId, updatedAt };
}

/** A value is there but nothing records which key it is. */
export function unknownKey(updatedAt: Date | null): StoredSecret {
  const reason = 'holds a secret whose key ID is not recorded';
  return { state: 'uncertain', candidates: [], reason, updatedAt };
}

/** A write of `pending` was started and not confirmed: the store holds `pending` or one of `previous` (when known). */
export function pendingWrite(pending: string, previous: readonly string[], updatedAt: Date | null): StoredSecret {
  const candidates = [...new Set([pending, ...previous])];
  const before = candidates.slice(1);
  const was = before.length > 0 ? ` (before it, it held ${before.join(' or ')})` : '';
  const reason = `a write of key ${pending} was started and not confirmed${was}`;
  return { state: 'uncertain', candidates, reason, updatedAt };
}
