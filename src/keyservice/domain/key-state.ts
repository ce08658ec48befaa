// Reads a key's state at a moment: past expires_at it is `expired`, whatever storage says, with no sweep.
// Never writes anything; expiry is a fact of time, not an event to store.
import type { ApiKeyRecord, KeyState } from './types.js';

export function isExpired(key: Pick<ApiKeyRecord, 'expiresAt'>, now: Date): boolean {
  return key.expiresAt !== null && key.expiresAt.getTime() <= now.getTime();
}

export function effectiveState(key: Pick<ApiKeyRecord, 'expiresAt' | 'state'>, now: Date): KeyState {
  return isExpired(key, now) ? 'expired' : key.state;
}

/** updated_at as read: expiring is a state change, so an expired key reads as updated at its expiry. */
export function effectiveUpdatedAt(key: Pick<ApiKeyRecord, 'expiresAt' | 'updatedAt'>, now: Date): Date {
  if (key.expiresAt !== null && isExpired(key, now) && key.expiresAt.getTime() > key.updatedAt.getTime())
    return key.expiresAt;
  return key.updatedAt;
}
