// The provider's read side of the key API: one observe() shared by all reads until something changes.
// Never caches across a mutation: every create/update/delete invalidates the view.
import type {
  KeyDriver,
  ObservedRemote,
  RemoteGroup,
  RemoteKey,
  RemoteRole,
  RemoteUser,
} from '../core/ports/key-driver.js';

export class RemoteView {
  private cached: Promise<ObservedRemote> | null = null;

  constructor(readonly driver: KeyDriver) {}

  observe(): Promise<ObservedRemote> {
    if (!this.cached) {
      const pending = this.driver.observe();
      this.cached = pending;
      pending.catch(() => {
        if (this.cached === pending) this.cached = null;
      });
    }
    return this.cached;
  }

  /** Call after every change made through the driver. */
  invalidate(): void {
    this.cached = null;
  }

  async userByName(name: string): Promise<RemoteUser | null> {
    return (await this.observe()).users.find((user) => user.name === name) ?? null;
  }

  async userById(id: string): Promise<RemoteUser | null> {
    return (await this.observe()).users.find((user) => user.id === id) ?? null;
  }

  async keyById(id: string): Promise<RemoteKey | null> {
    return (await this.observe()).keys.find((key) => key.id === id) ?? null;
  }

  /** A group by id, else by name (import accepts either). */
  async group(idOrName: string): Promise<RemoteGroup | null> {
    const groups = (await this.observe()).groups;
    return groups.find((group) => group.id === idOrName) ?? groups.find((group) => group.name === idOrName) ?? null;
  }

  /** A role by id, else by name (import accepts either). */
  async role(idOrName: string): Promise<RemoteRole | null> {
    const roles = (await this.observe()).roles;
    return roles.find((role) => role.id === idOrName) ?? roles.find((role) => role.name === idOrName) ?? null;
  }
}
