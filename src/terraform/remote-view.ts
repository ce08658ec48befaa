// The provider's read side of the key API: one observe() shared by all reads until something changes, indexed by id
// and name so each of a plan's thousands of reads is a lookup. Never caches across a mutation: every
// create/update/delete invalidates the view.
import type {
  KeyDriver,
  ObservedRemote,
  RemoteGroup,
  RemoteKey,
  RemoteRole,
  RemoteUser,
} from '../core/ports/key-driver.js';

/** Items by a field; the first item wins where two share a value, as a scan from the start would find. */
function indexBy<T>(items: readonly T[], field: (item: T) => string): ReadonlyMap<string, T> {
  const index = new Map<string, T>();
  for (const item of items) {
    const key = field(item);
    if (!index.has(key)) index.set(key, item);
  }
  return index;
}

interface Snapshot {
  readonly observed: ObservedRemote;
  readonly usersById: ReadonlyMap<string, RemoteUser>;
  readonly usersByName: ReadonlyMap<string, RemoteUser>;
  readonly keysById: ReadonlyMap<string, RemoteKey>;
  readonly groupsById: ReadonlyMap<string, RemoteGroup>;
  readonly groupsByName: ReadonlyMap<string, RemoteGroup>;
  readonly rolesById: ReadonlyMap<string, RemoteRole>;
  readonly rolesByName: ReadonlyMap<string, RemoteRole>;
}

function snapshotOf(observed: ObservedRemote): Snapshot {
  return {
    observed,
    usersById: indexBy(observed.users, (user) => user.id),
    usersByName: indexBy(observed.users, (user) => user.name),
    keysById: indexBy(observed.keys, (key) => key.id),
    groupsById: indexBy(observed.groups, (group) => group.id),
    groupsByName: indexBy(observed.groups, (group) => group.name),
    rolesById: indexBy(observed.roles, (role) => role.id),
    rolesByName: indexBy(observed.roles, (role) => role.name),
  };
}

export class RemoteView {
  private cached: Promise<Snapshot> | null = null;

  constructor(readonly driver: KeyDriver) {}

  private snapshot(): Promise<Snapshot> {
    if (!this.cached) {
      const pending = this.driver.observe().then(snapshotOf);
      this.cached = pending;
      pending.catch(() => {
        if (this.cached === pending) this.cached = null;
      });
    }
    return this.cached;
  }

  async observe(): Promise<ObservedRemote> {
    return (await this.snapshot()).observed;
  }

  /**
   * Starts observe() now so the first read finds it done or under way: Terraform configures the provider, then spends a
   * while expanding resources before it reads any. A failure is not kept: the first read observes again and meets it.
   */
  prefetch(): void {
    this.snapshot().catch(() => undefined);
  }

  /** Call after every change made through the driver. */
  invalidate(): void {
    this.cached = null;
  }

  async userByName(name: string): Promise<RemoteUser | null> {
    return (await this.snapshot()).usersByName.get(name) ?? null;
  }

  async userById(id: string): Promise<RemoteUser | null> {
    return (await this.snapshot()).usersById.get(id) ?? null;
  }

  async keyById(id: string): Promise<RemoteKey | null> {
    return (await this.snapshot()).keysById.get(id) ?? null;
  }

  /** A group by id, else by name (import accepts either). */
  async group(idOrName: string): Promise<RemoteGroup | null> {
    const snapshot = await this.snapshot();
    return snapshot.groupsById.get(idOrName) ?? snapshot.groupsByName.get(idOrName) ?? null;
  }

  /** A role by id, else by name (import accepts either). */
  async role(idOrName: string): Promise<RemoteRole | null> {
    const snapshot = await this.snapshot();
    return snapshot.rolesById.get(idOrName) ?? snapshot.rolesByName.get(idOrName) ?? null;
  }
}
