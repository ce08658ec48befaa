// Builds one DesiredScope from a schema-valid manifest document: defaults applied, durations parsed, and the
// checks that need the whole document (store references, duplicate keys, duplicate secret destinations).
import type { DesiredKey, DesiredScope, DesiredServiceUser, SourceLocation } from '../desired.js';
import type { SecretRef } from '../ports/secret-store.js';
import { error, warning, type Finding } from './findings.js';
import { checkDefaults, resolveKeyPolicy, sharedPolicies } from './key-policy.js';
import type { RawKey, RawManifest } from './manifest-types.js';
import { at, pointer, quote } from './problems.js';
import { nearest } from './suggest.js';
import { resolveAccess } from './resolve-access.js';
import type { ManifestDocument } from './yaml-documents.js';

/** The secrets of every key without a destination: one shared empty list, never changed. */
const NO_SECRETS: readonly SecretRef[] = Object.freeze([]);

export interface ResolvedScope {
  readonly scope: DesiredScope;
  readonly findings: Finding[];
}

export function resolveScope(raw: RawManifest, doc: ManifestDocument): ResolvedScope {
  const findings: Finding[] = [...checkDefaults(raw.defaults ?? {})];
  // Fields spelled out, not spread: a spread gives each of the 100,000 keys' locations a separate property store.
  const where = (path: string): SourceLocation => {
    const { line, column } = doc.position(path);
    return { file: doc.file, line, column, path };
  };
  const stores = raw.stores ?? {};
  const destinations = new Map<string, string>();
  const policies = sharedPolicies();
  // Keys of the same name (deploy, ci, ...) share one message text rather than each holding its own.
  const unusable = new Map<string, string>();
  const noDestination = (name: string): string => {
    let message = unusable.get(name);
    if (message === undefined) {
      message = `key ${quote(name)} has no secret destination: its secret would be shown to nobody, so the key could not be used`;
      unusable.set(name, message);
    }
    return message;
  };
  const serviceUsers = raw.serviceUsers.map((user, u): DesiredServiceUser => {
    const userPath = pointer('/serviceUsers', u);
    const seenKeys = new Map<string, string>();
    const keys = (user.keys ?? []).map((key, k): DesiredKey => {
      const keyPath = pointer(pointer(userPath, 'keys'), k);
      const first = seenKeys.get(key.name);
      if (first !== undefined) {
        findings.push(
          error(
            pointer(keyPath, 'name'),
            `duplicate key ${quote(key.name)} in service user ${quote(user.name)}: first declared at ${at(where(first))}`,
          ),
        );
      } else {
        seenKeys.set(key.name, keyPath);
      }
      const secrets = secretRefs(key, keyPath);
      for (const { ref, path } of secrets) {
        if (!Object.hasOwn(stores, ref.store)) {
          const declared = Object.keys(stores);
          const message =
            declared.length === 0
              ? `store ${quote(ref.store)} is not declared: this manifest has no stores`
              : `store ${quote(ref.store)} is not declared in stores (declared: ${declared.map((s) => quote(s)).join(', ')})`;
          findings.push(error(pointer(path, 'store'), message, nearest(ref.store, declared)));
          continue;
        }
        const id = `${ref.store}\u0000${ref.name}`;
        const owner = destinations.get(id);
        if (owner !== undefined && owner !== keyPath) {
          findings.push(
            error(
              path,
              `secret ${quote(ref.name)} in store ${quote(ref.store)} is already the destination of the key at ${at(where(owner))}; each key needs its own secret`,
            ),
          );
        } else {
          destinations.set(id, keyPath);
        }
      }
      const state = key.state ?? 'enabled';
      if (secrets.length === 0 && state === 'enabled') findings.push(warning(keyPath, noDestination(key.name)));
      const policy = resolveKeyPolicy(keyPath, key, raw.defaults ?? {}, raw.provider.driver, findings, policies);
      return {
        serviceUser: user.name,
        name: key.name,
        generation: key.generation ?? 1,
        state,
        expiry: policy.expiry,
        rotation: policy.rotation,
        secrets: secrets.length === 0 ? NO_SECRETS : secrets.map((s) => s.ref),
        source: where(keyPath),
      };
    });
    return {
      name: user.name,
      description: user.description ?? '',
      groups: [...(user.groups ?? [])],
      keys,
      scope: raw.metadata.name,
      source: where(userPath),
    };
  });
  const scope: DesiredScope = {
    name: raw.metadata.name,
    file: doc.file,
    provider:
      raw.provider.url === undefined
        ? { driver: raw.provider.driver }
        : { driver: raw.provider.driver, url: raw.provider.url },
    stores,
    prune: raw.prune ?? false,
    allowDestroy: raw.allowDestroy ?? false,
    serviceUsers,
    ...resolveAccess(raw, where, findings),
    source: where(''),
  };
  return { scope, findings: unique(findings) };
}

/** A bad default shows up once, not once per key that inherits it. */
function unique(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const id = `${f.path}\u0000${f.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function secretRefs(key: RawKey, keyPath: string): Array<{ ref: SecretRef; path: string }> {
  if (key.secret !== undefined)
    return [{ ref: { store: key.secret.store, name: key.secret.name }, path: pointer(keyPath, 'secret') }];
  return (key.secrets ?? []).map((s, i) => ({
    ref: { store: s.store, name: s.name },
    path: pointer(pointer(keyPath, 'secrets'), i),
  }));
}
