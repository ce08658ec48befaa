// The Vault fake's KV version 2 engine: versioned entries per mount, check-and-set, custom metadata, soft delete
// state, as the KV v2 API documentation describes them. It holds plaintext only for test assertions.
import type { Clock } from '../../../src/kernel/clock.js';

export interface KvVersion {
  readonly data: Readonly<Record<string, unknown>>;
  readonly createdTime: Date;
  readonly deletionTime: Date | null;
  readonly destroyed: boolean;
}

export interface KvEntry {
  readonly versions: Map<number, KvVersion>;
  currentVersion: number;
  customMetadata: Record<string, string> | null;
  readonly createdTime: Date;
  updatedTime: Date;
  casRequired: boolean;
  maxVersions: number;
}

export type WriteOutcome =
  | { readonly ok: true; readonly version: KvVersion & { readonly version: number } }
  | { readonly ok: false; readonly error: string };

export class KvMount {
  readonly entries = new Map<string, KvEntry>();

  constructor(
    private readonly clock: Clock,
    readonly casRequired = false,
  ) {}

  /** POST /data/:path — a new version; `cas` must equal the current version (0: only when absent). */
  write(path: string, data: Record<string, unknown>, cas: number | undefined): WriteOutcome {
    const entry = this.entries.get(path);
    if (cas === undefined && (this.casRequired || entry?.casRequired))
      return { ok: false, error: 'check-and-set parameter required for this call' };
    if (cas !== undefined && cas !== (entry?.currentVersion ?? 0))
      return { ok: false, error: 'check-and-set parameter did not match the current version' };
    const now = this.clock.now();
    const target = entry ?? this.#create(path, now);
    const version = target.currentVersion + 1;
    const stored: KvVersion = { data: structuredClone(data), createdTime: now, deletionTime: null, destroyed: false };
    target.versions.set(version, stored);
    target.currentVersion = version;
    target.updatedTime = now;
    const keep = target.maxVersions > 0 ? target.maxVersions : 10;
    for (const old of [...target.versions.keys()].sort((a, b) => a - b)) {
      if (target.versions.size <= keep) break;
      target.versions.delete(old);
    }
    return { ok: true, version: { ...stored, version } };
  }

  /** POST /metadata/:path — creates the key when absent; custom_metadata, when given, replaces the whole map. */
  writeMetadata(
    path: string,
    body: { customMetadata?: Record<string, string>; casRequired?: boolean; maxVersions?: number },
  ): void {
    const now = this.clock.now();
    const entry = this.entries.get(path) ?? this.#create(path, now);
    if (body.customMetadata !== undefined) entry.customMetadata = { ...body.customMetadata };
    if (body.casRequired !== undefined) entry.casRequired = body.casRequired;
    if (body.maxVersions !== undefined) entry.maxVersions = body.maxVersions;
    entry.updatedTime = now;
  }

  /** DELETE /data/:path — soft-deletes the latest version. */
  softDeleteLatest(path: string): void {
    const entry = this.entries.get(path);
    const latest = entry?.versions.get(entry.currentVersion);
    if (entry && latest) entry.versions.set(entry.currentVersion, { ...latest, deletionTime: this.clock.now() });
  }

  #create(path: string, now: Date): KvEntry {
    const entry: KvEntry = {
      versions: new Map(),
      currentVersion: 0,
      customMetadata: null,
      createdTime: now,
      updatedTime: now,
      casRequired: false,
      maxVersions: 0,
    };
    this.entries.set(path, entry);
    return entry;
  }
}

const time = (date: Date | null): string => (date ? date.toISOString() : '');

/** The `data` of GET /metadata/:path, shaped as the API documentation's sample response. */
export function metadataBody(entry: KvEntry): Record<string, unknown> {
  const versions: Record<string, unknown> = {};
  for (const [n, v] of entry.versions)
    versions[String(n)] = {
      created_time: time(v.createdTime),
      deletion_time: time(v.deletionTime),
      destroyed: v.destroyed,
    };
  const numbers = [...entry.versions.keys()];
  return {
    cas_required: entry.casRequired,
    created_time: time(entry.createdTime),
    current_version: entry.currentVersion,
    custom_metadata: entry.customMetadata,
    delete_version_after: '0s',
    max_versions: entry.maxVersions,
    oldest_version: numbers.length > 0 ? Math.min(...numbers) : 0,
    updated_time: time(entry.updatedTime),
    versions,
  };
}

/** The `data` of a data write response or the `metadata` of a data read. */
export function versionBody(entry: KvEntry, version: number, v: KvVersion): Record<string, unknown> {
  return {
    created_time: time(v.createdTime),
    custom_metadata: entry.customMetadata,
    deletion_time: time(v.deletionTime),
    destroyed: v.destroyed,
    version,
  };
}
