// The GitHub fake's world: repositories, environments, organizations, per-scope libsodium keypairs, secrets (kept
// as the plaintext the fake decrypted, for assertions) and variables. It never serves a plaintext over HTTP.
import sodium from 'libsodium-wrappers';
import type { Clock } from '../../../src/kernel/clock.js';
import { FakePullRequests } from './pulls-state.js';

/** `repo:owner/name`, `env:owner/name/environment` or `org:name`. */
export type ScopeKey = string;
export const repoScope = (fullName: string): ScopeKey => `repo:${fullName.toLowerCase()}`;
export const envScope = (fullName: string, environment: string): ScopeKey =>
  `env:${fullName.toLowerCase()}/${environment}`;
export const orgScope = (org: string): ScopeKey => `org:${org.toLowerCase()}`;

export interface FakeRepository {
  readonly id: number;
  readonly owner: string;
  readonly name: string;
  readonly environments: readonly string[];
  /** What GET /repos/{owner}/{repo} answers as default_branch; `main` when unset. */
  defaultBranch?: string;
}

export interface FakeSecret {
  readonly name: string;
  readonly value: string;
  readonly keyId: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly visibility?: string;
  readonly selectedRepositoryIds?: readonly number[];
}

export interface FakeVariable {
  readonly name: string;
  readonly value: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly visibility?: string;
  readonly selectedRepositoryIds?: readonly number[];
}

interface ScopeKeys {
  readonly keyId: string;
  readonly publicKey: Uint8Array;
  readonly privateKey: Uint8Array;
}

export class GithubFakeState {
  readonly repositories: FakeRepository[] = [];
  readonly organizations = new Set<string>();
  readonly secrets = new Map<ScopeKey, Map<string, FakeSecret>>();
  readonly variables = new Map<ScopeKey, Map<string, FakeVariable>>();
  /** Pull requests and issue comments (the Action's routes). */
  readonly pulls = new FakePullRequests();
  private readonly keys = new Map<ScopeKey, ScopeKeys>();
  private nextKeyId = 568250167242549743n;

  constructor(readonly clock: Clock) {}

  addRepository(fullName: string, environments: readonly string[] = []): FakeRepository {
    const [owner = '', name = ''] = fullName.split('/');
    const repo = { id: 1000 + this.repositories.length, owner, name, environments };
    this.repositories.push(repo);
    this.organizations.add(owner.toLowerCase());
    return repo;
  }

  /** Makes a repository vanish (renamed, deleted, or access lost): every call on it answers 404. */
  removeRepository(fullName: string): void {
    const [owner = '', name = ''] = fullName.split('/');
    const repo = this.findRepository(owner, name);
    if (repo) this.repositories.splice(this.repositories.indexOf(repo), 1);
  }

  findRepository(owner: string, name: string): FakeRepository | undefined {
    return this.repositories.find(
      (r) => r.owner.toLowerCase() === owner.toLowerCase() && r.name.toLowerCase() === name.toLowerCase(),
    );
  }

  /** The scope's keypair, made on first use; `rotate` replaces it (GitHub rotates keys from time to time). */
  keysFor(scope: ScopeKey, rotate = false): ScopeKeys {
    let keys = this.keys.get(scope);
    if (!keys || rotate) {
      const pair = sodium.crypto_box_keypair();
      keys = { keyId: String(this.nextKeyId++), publicKey: pair.publicKey, privateKey: pair.privateKey };
      this.keys.set(scope, keys);
    }
    return keys;
  }

  /** Opens a sealed box sent for this scope; undefined when it does not open with the scope's key. */
  open(scope: ScopeKey, encryptedBase64: string): string | undefined {
    const keys = this.keysFor(scope);
    try {
      const sealed = sodium.from_base64(encryptedBase64, sodium.base64_variants.ORIGINAL);
      return sodium.to_string(sodium.crypto_box_seal_open(sealed, keys.publicKey, keys.privateKey));
    } catch {
      return undefined;
    }
  }

  secretsOf(scope: ScopeKey): Map<string, FakeSecret> {
    return mapFor(this.secrets, scope);
  }

  variablesOf(scope: ScopeKey): Map<string, FakeVariable> {
    return mapFor(this.variables, scope);
  }
}

function mapFor<T>(maps: Map<ScopeKey, Map<string, T>>, scope: ScopeKey): Map<string, T> {
  let map = maps.get(scope);
  if (!map) {
    map = new Map();
    maps.set(scope, map);
  }
  return map;
}

/** libsodium must be ready before keypairs are made; start() awaits this. */
export async function sodiumReady(): Promise<void> {
  await sodium.ready;
}
