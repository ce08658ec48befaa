// The state changes a person can make to a key (enable, disable, delete), shared by the key pages.
// Never offers enable/disable for an expired key (the service refuses any change to it; delete still works).
import { bareId, type ApiClient } from '../api/client.js';
import type { ApiKey, KeyState } from '../api/types.js';

export function canToggle(key: ApiKey): boolean {
  return key.state !== 'expired';
}

export async function setKeyState(
  api: ApiClient,
  key: Pick<ApiKey, 'id'>,
  state: Exclude<KeyState, 'expired'>,
): Promise<void> {
  await api.patch(`/v2/api_keys/${bareId(key.id)}`, { state });
}

export async function deleteKey(api: ApiClient, key: Pick<ApiKey, 'id'>): Promise<void> {
  await api.remove(`/v2/api_keys/${bareId(key.id)}`);
}

/** Runs `one` over `keys` in turn; returns the sentences of those that failed (the rest went through). */
export async function forEachKey<K extends Pick<ApiKey, 'id' | 'name'>>(
  keys: readonly K[],
  one: (key: K) => Promise<void>,
): Promise<string[]> {
  const failures: string[] = [];
  for (const key of keys) {
    try {
      await one(key);
    } catch (err) {
      failures.push(`${key.name}: ${err instanceof Error ? err.message : 'failed'}`);
    }
  }
  return failures;
}
