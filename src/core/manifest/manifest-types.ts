// The shape of one manifest document as the schema admits it (after ${ENV} substitution), before defaults.
// Only code that has run schema validation may treat a value as a RawManifest.
import type { StoreConfig } from '../ports/secret-store.js';

interface RawSecretRef {
  readonly store: string;
  readonly name: string;
}

export interface RawKey {
  readonly name: string;
  readonly generation?: number;
  readonly state?: 'enabled' | 'disabled' | 'deleted';
  readonly expiresIn?: string;
  readonly expiresAt?: string;
  readonly rotateBefore?: string;
  readonly overlap?: string;
  readonly secret?: RawSecretRef;
  readonly secrets?: readonly RawSecretRef[];
}

interface RawServiceUser {
  readonly name: string;
  readonly description?: string;
  readonly groups?: readonly string[];
  readonly keys?: readonly RawKey[];
}

interface RawRole {
  readonly name: string;
  readonly permissions: readonly string[];
}

interface RawGroup {
  readonly name: string;
  readonly description?: string;
  readonly roles?: readonly string[];
  readonly accountAlerts?: boolean;
}

export interface RawDefaults {
  readonly expiresIn?: string;
  readonly rotateBefore?: string;
  readonly overlap?: string;
  readonly retainDisabled?: string;
  readonly retireIdle?: string;
}

export interface RawManifest {
  readonly apiVersion: 'keyward.dev/v1';
  readonly kind: 'ServiceUsers';
  readonly metadata: { readonly name: string };
  readonly provider: { readonly driver: 'keyward' | 'infoblox'; readonly url?: string };
  readonly stores?: Readonly<Record<string, StoreConfig>>;
  readonly defaults?: RawDefaults;
  readonly prune?: boolean;
  readonly allowDestroy?: boolean;
  readonly roles?: readonly RawRole[];
  readonly groups?: readonly RawGroup[];
  readonly serviceUsers: readonly RawServiceUser[];
}

/** Built-in defaults, overridden by a manifest's `defaults`. */
export const BUILTIN_DEFAULTS: Required<RawDefaults> = {
  expiresIn: '90d',
  rotateBefore: '14d',
  overlap: '7d',
  retainDisabled: '30d',
  retireIdle: '24h',
};
