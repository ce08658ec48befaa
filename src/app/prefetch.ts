// A key-API driver whose listing starts when it is opened, while the manifests are still being read:
// the first observe() takes that listing, any later one lists afresh. Every other call goes straight through.
import type {
  CreateKeyInput,
  CreatedKey,
  CreateUserInput,
  GroupInput,
  KeyDriver,
  ObservedRemote,
  RemoteGroup,
  RemoteKey,
  RemoteRole,
  RemoteUser,
  RoleInput,
  UpdateUserInput,
} from '../core/ports/key-driver.js';

export class PrefetchingDriver implements KeyDriver {
  readonly name: string;
  readonly #inner: KeyDriver;
  #listing: Promise<ObservedRemote> | undefined;

  constructor(inner: KeyDriver) {
    this.name = inner.name;
    this.#inner = inner;
    this.#listing = inner.observe();
    // Held for observe(); a listing nobody takes (the manifests were invalid) must not be an unhandled rejection.
    this.#listing.catch(() => undefined);
  }

  observe(): Promise<ObservedRemote> {
    const listing = this.#listing;
    this.#listing = undefined;
    return listing ?? this.#inner.observe();
  }

  createServiceUser(input: CreateUserInput): Promise<RemoteUser> {
    return this.#inner.createServiceUser(input);
  }

  updateServiceUser(id: string, input: UpdateUserInput): Promise<RemoteUser> {
    return this.#inner.updateServiceUser(id, input);
  }

  deleteServiceUser(id: string): Promise<void> {
    return this.#inner.deleteServiceUser(id);
  }

  createKey(input: CreateKeyInput): Promise<CreatedKey> {
    return this.#inner.createKey(input);
  }

  setKeyState(id: string, state: 'enabled' | 'disabled'): Promise<RemoteKey> {
    return this.#inner.setKeyState(id, state);
  }

  deleteKey(id: string): Promise<void> {
    return this.#inner.deleteKey(id);
  }

  createRole(input: RoleInput): Promise<RemoteRole> {
    return this.#inner.createRole(input);
  }

  updateRole(id: string, input: RoleInput): Promise<RemoteRole> {
    return this.#inner.updateRole(id, input);
  }

  deleteRole(id: string): Promise<void> {
    return this.#inner.deleteRole(id);
  }

  createGroup(input: GroupInput): Promise<RemoteGroup> {
    return this.#inner.createGroup(input);
  }

  updateGroup(id: string, input: GroupInput): Promise<RemoteGroup> {
    return this.#inner.updateGroup(id, input);
  }

  deleteGroup(id: string): Promise<void> {
    return this.#inner.deleteGroup(id);
  }
}
