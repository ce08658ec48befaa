// The one contract suite every key-API driver passes, run against a live key service (keyward serve in-process).
// It registers vitest tests; the caller supplies a fixture that connects a driver of its kind to that service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectingSink } from '../../src/kernel/events.js';
import type { KeywardEvent } from '../../src/kernel/events.js';
import { KeywardError } from '../../src/kernel/errors.js';
import { Secret } from '../../src/kernel/secret.js';
import type { CspClient } from '../../src/drivers/csp/client.js';
import type { DriverOptions } from '../../src/drivers/driver-options.js';
import type { KeyDriver, RemoteKey } from '../../src/core/ports/key-driver.js';

interface DriverConnection {
  /** Defaults to the administrator's key. */
  readonly apiKey?: string;
  /** Defaults to the live service's URL. */
  readonly url?: string;
  readonly options?: DriverOptions;
}

export interface DriverContractFixture {
  /** Connects a driver of the kind under test. */
  connect(connection?: DriverConnection): KeyDriver;
  /** Administrator access for setup the driver contract does not cover (groups, roles). */
  readonly admin: CspClient;
  close(): Promise<void>;
}

const noWait: DriverOptions = { sleep: async () => undefined, random: () => 0 };

async function failure(p: Promise<unknown>): Promise<KeywardError> {
  const err = await p.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KeywardError);
  return err as KeywardError;
}

function pages(items: number, pageSize: number): number {
  return Math.floor(items / pageSize) + 1;
}

/** Registers the driver contract tests for one driver kind; `variant` (a storage back end, say) only labels the run. */
export function driverContract(name: string, setup: () => Promise<DriverContractFixture>, variant?: string): void {
  describe(`driver contract: ${name}${variant === undefined ? '' : ` (${variant})`}`, () => {
    let fx: DriverContractFixture;
    let driver: KeyDriver;
    let events: KeywardEvent[];
    const secrets: string[] = [];
    let groupA: string;
    let groupB: string;

    beforeAll(async () => {
      fx = await setup();
      const collected = collectingSink();
      events = collected.events;
      driver = fx.connect({ options: { ...noWait, sink: collected.sink } });
      const suffix = name.replace(/[^a-z]/g, '');
      groupA = `contract-${suffix}-a`;
      groupB = `contract-${suffix}-b`;
      await fx.admin.create('/v2/groups', { name: groupA });
      await fx.admin.create('/v2/groups', { name: groupB });
    });

    afterAll(async () => {
      const printed = JSON.stringify(events);
      for (const s of secrets) expect(printed).not.toContain(s);
      await fx?.close();
    });

    function keep(secret: Secret): string {
      const value = secret.reveal();
      secrets.push(value);
      return value;
    }

    it('names itself', () => {
      expect(driver.name).toBe(name);
    });

    it('observes roles, groups and service users, but no interactive users, by list pages only', async () => {
      const observed = await driver.observe();
      expect(observed.groups.map((g) => g.name)).toEqual(expect.arrayContaining([groupA, groupB]));
      for (const g of observed.groups) expect(g.id).not.toContain('/');
      expect(observed.groups.find((g) => g.name === 'Administrators')).toMatchObject({
        roles: ['All Access'],
        accountAlerts: true,
      });
      expect(observed.roles.find((r) => r.name === 'All Access')).toMatchObject({ permissions: ['*'], builtIn: true });
      for (const r of observed.roles) expect(r.id).not.toContain('/');
      expect(observed.users.every((u) => u.type === 'service')).toBe(true);
      expect(observed.keys.every((k) => k.type === 'service')).toBe(true);
      expect(observed.requests).toBe(4);
    });

    it('creates, updates and deletes roles and groups by name, and observes them', async () => {
      const role = await driver.createRole({ name: `${name} User Manage`, permissions: ['user.manage'] });
      expect(role).toMatchObject({ name: `${name} User Manage`, permissions: ['user.manage'], builtIn: false });
      expect(role.id).not.toContain('/');
      const group = await driver.createGroup({
        name: `${name}-alerted`,
        description: 'hears about expiring keys',
        roles: [role.name],
        accountAlerts: true,
      });
      expect(group).toEqual({
        id: expect.not.stringContaining('/') as unknown,
        name: `${name}-alerted`,
        description: 'hears about expiring keys',
        roles: [role.name],
        accountAlerts: true,
      });
      const user = await driver.createServiceUser({
        name: `${name}-alerted-bot`,
        description: '',
        groups: [group.name],
      });
      expect(user.groups).toEqual([group.name]);
      let observed = await driver.observe();
      expect(observed.roles.find((r) => r.id === role.id)).toEqual(role);
      expect(observed.groups.find((g) => g.id === group.id)).toEqual(group);

      const both = await driver.updateRole(role.id, {
        name: role.name,
        permissions: ['user.manage', 'service_api_key.create'],
      });
      expect(both.permissions).toEqual(['user.manage', 'service_api_key.create']);
      const quiet = await driver.updateGroup(group.id, {
        name: group.name,
        description: 'quiet now',
        roles: [],
        accountAlerts: false,
      });
      expect(quiet).toMatchObject({ description: 'quiet now', roles: [], accountAlerts: false });
      observed = await driver.observe();
      expect(observed.groups.find((g) => g.id === group.id)).toEqual(quiet);

      await driver.deleteServiceUser(user.id);
      await driver.deleteGroup(group.id);
      await driver.deleteGroup(group.id);
      await driver.deleteRole(role.id);
      await driver.deleteRole(role.id);
      observed = await driver.observe();
      expect(observed.groups.some((g) => g.id === group.id)).toBe(false);
      expect(observed.roles.some((r) => r.id === role.id)).toBe(false);
    });

    it('refuses a group naming an unknown role, and creates nothing', async () => {
      const e = await failure(
        driver.createGroup({ name: `${name}-ghosts`, description: '', roles: ['No Such Role'], accountAlerts: false }),
      );
      expect(e.code).toBe('driver.role-unknown');
      expect(e.source).toBe('user');
      expect(e.message).toContain('"No Such Role" does not exist');
      expect((await driver.observe()).groups.some((g) => g.name === `${name}-ghosts`)).toBe(false);
    });

    it('reports a changed group that is gone as not found', async () => {
      const group = await driver.createGroup({
        name: `${name}-brief`,
        description: '',
        roles: [],
        accountAlerts: false,
      });
      await driver.deleteGroup(group.id);
      const e = await failure(driver.updateGroup(group.id, { ...group, description: 'late' }));
      expect(e.code).toBe('driver.not-found');
    });

    it('creates a service user in groups named by name, and observes it', async () => {
      const user = await driver.createServiceUser({
        name: `${name}-deployer`,
        description: 'deploys',
        groups: [groupA],
      });
      expect(user).toMatchObject({
        name: `${name}-deployer`,
        type: 'service',
        description: 'deploys',
        groups: [groupA],
        email: null,
      });
      expect(user.id).not.toContain('/');
      expect(user.createdAt).toBeInstanceOf(Date);
      const observed = await driver.observe();
      expect(observed.users.find((u) => u.id === user.id)).toEqual(user);
    });

    it('refuses an unknown group and creates nothing', async () => {
      const e = await failure(
        driver.createServiceUser({ name: `${name}-ghost`, description: '', groups: ['no-such-group'] }),
      );
      expect(e.source).toBe('user');
      expect(e.message).toContain('no-such-group');
      expect((await driver.observe()).users.some((u) => u.name === `${name}-ghost`)).toBe(false);
    });

    it('refuses a duplicate service user name with a clear conflict', async () => {
      const e = await failure(driver.createServiceUser({ name: `${name}-deployer`, description: '', groups: [] }));
      expect(e.code).toBe('driver.conflict');
      expect(e.message).toMatch(/^POST \/v2\/users: 409/);
    });

    it('updates description and groups', async () => {
      const user = (await driver.observe()).users.find((u) => u.name === `${name}-deployer`);
      if (user === undefined) throw new Error('user missing');
      const updated = await driver.updateServiceUser(user.id, { description: 'ships', groups: [groupB, groupA] });
      expect(updated).toMatchObject({ id: user.id, description: 'ships' });
      expect([...updated.groups].sort()).toEqual([groupA, groupB].sort());
      const again = await driver.updateServiceUser(user.id, { groups: [] });
      expect(again).toMatchObject({ description: 'ships', groups: [] });
    });

    it('creates a key whose secret is wrapped, authenticates, and is observed without it', async () => {
      const user = await driver.createServiceUser({ name: `${name}-keyholder`, description: '', groups: [] });
      const expiresAt = new Date(Date.now() + 30 * 86_400_000);
      const created = await driver.createKey({ userId: user.id, name: 'deploy', expiresAt });
      expect(created.secret).toBeInstanceOf(Secret);
      const value = keep(created.secret);
      expect(JSON.stringify(created)).not.toContain(value);
      expect(created.key).toMatchObject({
        name: 'deploy',
        userId: user.id,
        state: 'enabled',
        type: 'service',
        lastUsedAt: null,
      });
      expect(created.key.id).toBe(value.slice(0, 32));
      expect(created.key.expiresAt?.getTime()).toBe(expiresAt.getTime());
      const observed = await driver.observe();
      expect(observed.keys.find((k) => k.id === created.key.id)).toMatchObject({ name: 'deploy', state: 'enabled' });
      // The new key is a working credential for the same API.
      await expect(fx.connect({ apiKey: value, options: noWait }).observe()).resolves.toMatchObject({ requests: 4 });
    });

    it('disables and enables a key; a disabled key no longer authenticates', async () => {
      const user = await driver.createServiceUser({ name: `${name}-toggler`, description: '', groups: [] });
      const created = await driver.createKey({
        userId: user.id,
        name: 'ci',
        expiresAt: new Date(Date.now() + 86_400_000),
      });
      const value = keep(created.secret);
      const disabled = await driver.setKeyState(created.key.id, 'disabled');
      expect(disabled).toMatchObject({ id: created.key.id, state: 'disabled' });
      const refused = await failure(fx.connect({ apiKey: value, options: noWait }).observe());
      expect(refused.code).toBe('driver.unauthenticated');
      expect(refused.message).not.toContain(value);
      await expect(driver.setKeyState(created.key.id, 'enabled')).resolves.toMatchObject({ state: 'enabled' });
    });

    it('deletes a key, and deleting it again is fine; changing a deleted key is an error', async () => {
      const user = await driver.createServiceUser({ name: `${name}-deleter`, description: '', groups: [] });
      const created = await driver.createKey({
        userId: user.id,
        name: 'tmp',
        expiresAt: new Date(Date.now() + 86_400_000),
      });
      keep(created.secret);
      await driver.setKeyState(created.key.id, 'disabled');
      await driver.deleteKey(created.key.id);
      await driver.deleteKey(created.key.id);
      expect((await driver.observe()).keys.some((k) => k.id === created.key.id)).toBe(false);
      const e = await failure(driver.setKeyState(created.key.id, 'enabled'));
      expect(e.code).toBe('driver.not-found');
    });

    it('deletes a service user with its keys; deleting it again is fine', async () => {
      const user = await driver.createServiceUser({ name: `${name}-leaver`, description: '', groups: [] });
      const created = await driver.createKey({
        userId: user.id,
        name: 'k',
        expiresAt: new Date(Date.now() + 86_400_000),
      });
      keep(created.secret);
      await driver.deleteServiceUser(user.id);
      await driver.deleteServiceUser(user.id);
      const observed = await driver.observe();
      expect(observed.users.some((u) => u.id === user.id)).toBe(false);
      expect(observed.keys.some((k) => k.userId === user.id)).toBe(false);
    });

    it('observes with exactly one request per list page', async () => {
      const user = await driver.createServiceUser({ name: `${name}-pager`, description: '', groups: [] });
      for (let i = 1; i <= 5; i += 1) {
        keep(
          (await driver.createKey({ userId: user.id, name: `k${i}`, expiresAt: new Date(Date.now() + 86_400_000) }))
            .secret,
        );
      }
      const small = fx.connect({ options: { ...noWait, pageSize: 2 } });
      const observed = await small.observe();
      const big = await driver.observe();
      const sortById = (keys: readonly RemoteKey[]): RemoteKey[] => [...keys].sort((a, b) => a.id.localeCompare(b.id));
      expect(sortById(observed.keys)).toEqual(sortById(big.keys));
      expect(observed.users).toHaveLength(big.users.length);
      expect(observed.requests).toBe(
        pages(big.users.length, 2) +
          pages(big.keys.length, 2) +
          pages(big.groups.length, 2) +
          pages(big.roles.length, 2),
      );
    });

    it('stops at once on a refused API key, without the key in the message', async () => {
      const bad = 'f'.repeat(64);
      const e = await failure(fx.connect({ apiKey: bad, options: noWait }).observe());
      expect(e.code).toBe('driver.unauthenticated');
      expect(e.source).toBe('user');
      expect(e.message).toMatch(/^GET \/v2\/(users|api_keys|groups|roles): 401 /);
      expect(e.message).not.toContain(bad);
    });

    it('stops on a missing permission with the server naming it', async () => {
      const role = await fx.admin.create('/v2/roles', { name: `${name}-user-managers`, permissions: ['user.manage'] });
      const group = `${name}-limited`;
      await fx.admin.create('/v2/groups', { name: group, roles: [role.id] });
      const user = await driver.createServiceUser({ name: `${name}-limited-bot`, description: '', groups: [group] });
      const created = await driver.createKey({
        userId: user.id,
        name: 'limited',
        expiresAt: new Date(Date.now() + 86_400_000),
      });
      const limited = fx.connect({ apiKey: keep(created.secret), options: noWait });
      const e = await failure(
        limited.createKey({ userId: user.id, name: 'more', expiresAt: new Date(Date.now() + 86_400_000) }),
      );
      expect(e.code).toBe('driver.forbidden');
      expect(e.source).toBe('user');
      expect(e.message).toMatch(/^POST \/v2\/api_keys: 403 /);
      expect(e.message).toContain('service_api_key.create');
    });

    it('reports an unreachable service as unavailable, never as empty', async () => {
      const e = await failure(
        fx.connect({ url: 'http://127.0.0.1:1', options: { ...noWait, retry: { attempts: 2 } } }).observe(),
      );
      expect(e.code).toBe('driver.unavailable');
      expect(e.message).toMatch(/^GET \/v2\/(users|api_keys|groups|roles): key service unavailable/);
    });
  });
}
