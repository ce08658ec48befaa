// What the `<NAME>_KEY_ID` variable says: a bare key ID once a write is confirmed, or a JSON pending marker
// `{"pending": "<new id>", "was": ["<id>", ...] | null}` while a write is under way (null: it held an unknown key).
import type { StoredSecret } from '../../core/ports/secret-store.js';
import { holds, pendingWrite, unknownKey } from '../stored.js';

export type KeyIdRecord =
  | { readonly kind: 'none' }
  | { readonly kind: 'confirmed'; readonly keyId: string }
  | { readonly kind: 'pending'; readonly pending: string; readonly was: readonly string[] | null };

export function parseKeyIdVariable(value: string | undefined): KeyIdRecord {
  const text = value?.trim() ?? '';
  if (text === '') return { kind: 'none' };
  if (!text.startsWith('{')) return { kind: 'confirmed', keyId: text };
  try {
    const parsed = JSON.parse(text) as { pending?: unknown; was?: unknown };
    const was = parsed.was;
    const wasOk = was === null || (Array.isArray(was) && was.every((id) => typeof id === 'string' && id !== ''));
    if (typeof parsed.pending === 'string' && parsed.pending !== '' && wasOk) {
      return { kind: 'pending', pending: parsed.pending, was: was as readonly string[] | null };
    }
  } catch {
    // fall through: a variable edited by hand into something else names no key
  }
  return { kind: 'none' };
}

/** The marker to write before the secret: every key ID the secret may hold until the write is confirmed. */
export function pendingMarker(keyId: string, before: KeyIdRecord, secretExists: boolean): string {
  let was: readonly string[] | null;
  if (!secretExists) was = [];
  else if (before.kind === 'confirmed') was = [before.keyId];
  else if (before.kind === 'pending') was = before.was === null ? null : [before.pending, ...before.was];
  else was = null;
  const unique = was === null ? null : [...new Set(was)].filter((id) => id !== keyId);
  return JSON.stringify({ pending: keyId, was: unique });
}

/** What describe reports for an existing secret, given its variable. */
export function storedFrom(record: KeyIdRecord, updatedAt: Date | null): StoredSecret {
  if (record.kind === 'confirmed') return holds(record.keyId, updatedAt);
  if (record.kind === 'none') return unknownKey(updatedAt);
  if (record.was === null) {
    const reason = `a write of key ${record.pending} over a secret of unknown key ID was started and not confirmed`;
    return { state: 'uncertain', candidates: [], reason, updatedAt };
  }
  return pendingWrite(record.pending, record.was, updatedAt);
}
