// Builds a manifest document from what the key API already holds, for `keyward import`.
// Pure: remote users, keys, custom roles and groups in, YAML text out. Secrets cannot be read back, so keys get no
// secret ref; built-in roles and groups are referenced by name, never written out.
import { Document } from 'yaml';
import { BUILT_IN_GROUPS } from '../core/access-names.js';
import type { RemoteGroup, RemoteKey, RemoteRole, RemoteUser } from '../core/ports/key-driver.js';
import { parseRemoteKeyName } from '../core/key-names.js';
import type { ProviderConfig } from '../core/ports/key-driver.js';
import { DAY_MS } from '../kernel/time/duration.js';

interface ImportedKey {
  name: string;
  generation?: number;
  state?: 'disabled';
  expiresAt?: string;
  expiresIn?: string;
}

/**
 * The key's lifetime (created → expires) in whole days, so the next generation gets a fresh expiry of the same
 * length; an absolute `expiresAt` would give every later generation the old key's date. Null when it cannot be told.
 */
function lifetime(key: RemoteKey): string | null {
  if (key.expiresAt === null) return 'never';
  const days = Math.round((key.expiresAt.getTime() - key.createdAt.getTime()) / DAY_MS);
  return days >= 1 ? `${days}d` : null;
}

function importKeys(keys: readonly RemoteKey[]): { entries: ImportedKey[]; notes: string[] } {
  const latest = new Map<string, { generation: number; key: RemoteKey }>();
  const notes: string[] = [];
  for (const key of keys) {
    const parsed = parseRemoteKeyName(key.name);
    const seen = latest.get(parsed.name);
    if (seen && seen.generation === parsed.generation)
      notes.push(
        `two remote keys are named ${key.name} (${seen.key.id}, ${key.id}); imported one, resolve the other by hand`,
      );
    if (!seen || parsed.generation > seen.generation) latest.set(parsed.name, { generation: parsed.generation, key });
  }
  const entries = [...latest.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, { generation, key }]) => {
      const entry: ImportedKey = { name };
      if (generation > 1) entry.generation = generation;
      if (key.state !== 'enabled') entry.state = 'disabled';
      const span = lifetime(key);
      if (span !== null) entry.expiresIn = span;
      else if (key.expiresAt !== null) entry.expiresAt = key.expiresAt.toISOString();
      if (key.state === 'expired') notes.push(`${key.name} (${key.id}) has expired; bump its generation to replace it`);
      return entry;
    });
  return { entries, notes };
}

/** The roles and groups to write: custom ones only, each group with its roles, each role with its permissions. */
export interface ImportedAccess {
  readonly roles: readonly RemoteRole[];
  readonly groups: readonly RemoteGroup[];
}

/**
 * The custom groups `users` are in (every custom group with `all`) and the custom roles those groups hold (every
 * custom role with `all`): what a manifest must declare so that the users' groups exist.
 */
export function accessFor(
  remote: ImportedAccess,
  users: readonly RemoteUser[],
  all: boolean,
): { roles: RemoteRole[]; groups: RemoteGroup[] } {
  const named = new Set(users.flatMap((u) => u.groups));
  const groups = remote.groups.filter((g) => !BUILT_IN_GROUPS.has(g.name) && (all || named.has(g.name)));
  const held = new Set(groups.flatMap((g) => g.roles));
  const roles = remote.roles.filter((r) => !r.builtIn && (all || held.has(r.name)));
  return { roles, groups };
}

function importAccess(access: ImportedAccess): Record<string, unknown> {
  const byName = <T extends { readonly name: string }>(a: T, b: T): number => a.name.localeCompare(b.name);
  const roles = [...access.roles].sort(byName).map((r) => ({ name: r.name, permissions: [...r.permissions].sort() }));
  const groups = [...access.groups].sort(byName).map((g) => ({
    name: g.name,
    ...(g.description ? { description: g.description } : {}),
    ...(g.roles.length ? { roles: [...g.roles].sort() } : {}),
    ...(g.accountAlerts ? { accountAlerts: true } : {}),
  }));
  return { ...(roles.length ? { roles } : {}), ...(groups.length ? { groups } : {}) };
}

export function importManifest(
  name: string,
  provider: ProviderConfig,
  users: readonly RemoteUser[],
  keys: readonly RemoteKey[],
  access: ImportedAccess = { roles: [], groups: [] },
): string {
  const notes: string[] = [];
  const serviceUsers = [...users]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((user) => {
      const imported = importKeys(keys.filter((k) => k.userId === user.id));
      notes.push(...imported.notes.map((n) => `${user.name}: ${n}`));
      return {
        name: user.name,
        ...(user.description ? { description: user.description } : {}),
        ...(user.groups.length ? { groups: [...user.groups].sort() } : {}),
        keys: imported.entries,
      };
    });
  const doc = new Document({
    apiVersion: 'keyward.dev/v1',
    kind: 'ServiceUsers',
    metadata: { name },
    provider: provider.url ? { driver: provider.driver, url: provider.url } : { driver: provider.driver },
    ...importAccess(access),
    serviceUsers,
  });
  doc.commentBefore = [
    ` Imported by keyward from ${provider.driver}${provider.url ? ` at ${provider.url}` : ''}.`,
    ' Existing secrets cannot be read back: declare a store and a `secret` per key, then bump',
    ' `generation` to deliver a fresh key there.',
    " expiresIn is each key's lifetime as created: the keys that exist keep their expiry, and every",
    ' new generation gets a fresh one of the same length.',
    ...notes.map((n) => ` NOTE: ${n}`),
  ].join('\n');
  return `# yaml-language-server: $schema=https://keyward.dev/schemas/manifest.schema.json\n${doc.toString()}`;
}
