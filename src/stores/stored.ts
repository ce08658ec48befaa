// Builders for the three StoredSecret states every store's describe returns, so each store says them the same way.
// Reasons are secret-free words and key IDs; never pass a value or anything read from a secret into them.
import type { StoredSecret } from '../core/ports/secret-store.js';

export const ABSENT: StoredSecret = Object.freeze({ state: 'absent' });

export function holds(keyId: string, updatedAt: Date | null): StoredSecret {
  return { state: 'holds', keyId, updatedAt };
}

/** A value is there but nothing records which key it is. */
export function unknownKey(updatedAt: Date | null): StoredSecret {
  return { state: 'uncertain', candidates: [], reason: 'holds a secret whose key ID is not recorded', updatedAt };
}

/** A write of `pending` was started and not confirmed; the store holds `pending`, `previous` (when known) or nothing. */
export function pendingWrite(pending: string, previous: string | null, updatedAt: Date | null): StoredSecret {
  const candidates = previous !== null && previous !== pending ? [pending, previous] : [pending];
  const was = previous !== null && previous !== pending ? ` (it held key ${previous} before)` : '';
  return { state: 'uncertain', candidates, reason: `a write of key ${pending} was started and not confirmed${was}`, updatedAt };
}
