// What keyward records in a KV v2 secret's custom_metadata and what describe concludes from it. Metadata is not
// versioned, so each record names the data version it is about: a pending marker the version its write will create.
import type { SecretMeta, StoredSecret } from '../../core/ports/secret-store.js';
import { ABSENT, holds, pendingWrite } from '../stored.js';

export const KEY_ID_METADATA = 'keyward_key_id';
const VERSION_METADATA = 'keyward_version';
const PENDING_METADATA = 'keyward_pending_key_id';
const PENDING_VERSION_METADATA = 'keyward_pending_version';
const PENDING_WAS_METADATA = 'keyward_pending_was';
const KEYWARD_PREFIX = 'keyward_';

export interface Metadata {
  readonly currentVersion: number;
  readonly customMetadata: Readonly<Record<string, string>>;
  readonly versions: Readonly<Record<string, { created_time?: string; deletion_time?: string; destroyed?: boolean }>>;
}

function foreign(current: Metadata | undefined): Record<string, string> {
  const entries = Object.entries(current?.customMetadata ?? {});
  return Object.fromEntries(entries.filter(([k]) => !k.startsWith(KEYWARD_PREFIX)));
}

function keywardOnly(current: Metadata | undefined): Record<string, string> {
  const entries = Object.entries(current?.customMetadata ?? {});
  return Object.fromEntries(entries.filter(([k]) => k.startsWith(KEYWARD_PREFIX)));
}

/** Before the data write that will create `version`: the confirmed record stays; the marker names what it held. */
export function pendingMetadata(current: Metadata | undefined, keyId: string, version: number): Record<string, string> {
  const now = storedFromMetadata(current);
  let was: readonly string[] | null = null;
  if (now.state === 'absent') was = [];
  else if (now.state === 'holds') was = [now.keyId];
  else if (now.candidates.length > 0) was = now.candidates;
  return {
    ...foreign(current),
    ...keywardOnly(current),
    [PENDING_METADATA]: keyId,
    [PENDING_VERSION_METADATA]: String(version),
    [PENDING_WAS_METADATA]: JSON.stringify(was),
  };
}

/** After the data write created `version`: the key it holds, no pending marker. */
export function confirmedMetadata(
  current: Metadata | undefined,
  meta: SecretMeta,
  version: number,
): Record<string, string> {
  return {
    ...foreign(current),
    [KEY_ID_METADATA]: meta.keyId,
    [VERSION_METADATA]: String(version),
    keyward_service_user: meta.serviceUser,
    keyward_key_name: meta.keyName,
    keyward_generation: String(meta.generation),
  };
}

function unknown(reason: string, updatedAt: Date | null): StoredSecret {
  return { state: 'uncertain', candidates: [], reason, updatedAt };
}

/** The marker's list of what the secret held before it (null: an unknown key). */
function parseWas(text: string | undefined): readonly string[] | null {
  try {
    const parsed: unknown = JSON.parse(text ?? 'null');
    const ok = Array.isArray(parsed) && parsed.every((id) => typeof id === 'string');
    return ok ? parsed : null;
  } catch {
    return null;
  }
}

/** The key the current version holds, judged from the records and the version numbers (reads no data). */
export function storedFromMetadata(metadata: Metadata | undefined): StoredSecret {
  const current = metadata?.versions[String(metadata.currentVersion)];
  if (!metadata || !current || current.destroyed === true || (current.deletion_time ?? '') !== '') return ABSENT;
  const created = current.created_time ? new Date(current.created_time) : null;
  const updatedAt = created && !Number.isNaN(created.getTime()) ? created : null;
  const version = metadata.currentVersion;
  const custom = metadata.customMetadata;
  const pending = custom[PENDING_METADATA];
  if (pending !== undefined) {
    const pendingVersion = Number(custom[PENDING_VERSION_METADATA]);
    const was = parseWas(custom[PENDING_WAS_METADATA]);
    if (pendingVersion === version + 1) {
      // The marked write never reached the data: the secret holds what it held when the marker was set.
      if (was?.length === 1 && was[0] !== undefined) return holds(was[0], updatedAt);
      if (was !== null && was.length > 1) return pendingWrite(was[0] ?? pending, was.slice(1), updatedAt);
      return unknown(`a write of key ${pending} was marked over a secret whose key ID is not known`, updatedAt);
    }
    if (pendingVersion === version && was !== null) return pendingWrite(pending, was, updatedAt);
    const reason = `version ${version} does not match the pending write of key ${pending} (version ${pendingVersion})`;
    return unknown(reason, updatedAt);
  }
  const keyId = custom[KEY_ID_METADATA];
  const keyVersion = custom[VERSION_METADATA];
  if (keyId === undefined) return unknown('holds a secret whose key ID is not recorded', updatedAt);
  // A record without a version predates version tracking: it was written right after its data, so it holds.
  if (keyVersion === undefined || Number(keyVersion) === version) return holds(keyId, updatedAt);
  const reason = `version ${version} was written after keyward recorded key ${keyId} at version ${keyVersion}`;
  return unknown(reason, updatedAt);
}
