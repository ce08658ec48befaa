// The storage contract suite: every back end (PGlite, PostgreSQL) must pass exactly these tests.
// It registers vitest tests given a factory; it never assumes which back end it runs on.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/keyservice/storage/database.js';
import { migrate, migrations } from '../../src/keyservice/storage/migrations.js';
import { parseListOptions } from '../../src/keyservice/query/index.js';
import {
  countUsers,
  deleteUser,
  getUser,
  getUserByName,
  insertUser,
  listUsers,
  permissionsOf,
  updateUser,
} from '../../src/keyservice/repository/users-repo.js';
import { getGroupByName, insertGroup, insertRole, listGroups } from '../../src/keyservice/repository/groups-repo.js';
import {
  countKeys,
  getKey,
  insertKey,
  KEYS_FIRST_FILTER_PARAM,
  listKeys,
  recordLastUsed,
  updateKey,
} from '../../src/keyservice/repository/keys-repo.js';
import { appendAudit, listAudit } from '../../src/keyservice/repository/audit-repo.js';
import { allRows } from '../../src/keyservice/repository/list-query.js';

export interface StorageFixture {
  readonly db: Database;
  cleanup(): Promise<void>;
}

const T0 = new Date('2026-01-01T00:00:00.000Z');
const later = (days: number): Date => new Date(T0.getTime() + days * 86_400_000);
const hex32 = (n: number): string => n.toString(16).padStart(32, '0');

const keyFields = {
  id: { sql: 'v.id', type: 'string' },
  name: { sql: 'v.name', type: 'string' },
  state: { sql: 'v.state', type: 'enum', values: ['enabled', 'disabled', 'expired'] },
  created_at: { sql: 'v.created_at', type: 'time' },
} as const;
const keyList = (query: string) =>
  parseListOptions(new URLSearchParams(query), {
    fields: keyFields,
    defaultOrderBy: 'name asc',
    selectable: Object.keys(keyFields),
    tiebreaker: 'v.id ASC',
    firstParamIndex: KEYS_FIRST_FILTER_PARAM,
  });

export function storageContract(backend: string, factory: () => Promise<StorageFixture>): void {
  describe(`storage contract: ${backend}`, () => {
    let fixture: StorageFixture;
    let db: Database;
    const owner = randomUUID();
    const other = randomUUID();

    beforeAll(async () => {
      fixture = await factory();
      db = fixture.db;
      await migrate(db);
      await insertUser(db, {
        id: owner,
        name: 'deployer',
        email: null,
        type: 'service',
        description: '',
        groupIds: [],
        at: T0,
        by: 'admin@x',
      });
      await insertUser(db, {
        id: other,
        name: 'alice',
        email: 'alice@x',
        type: 'interactive',
        description: 'd',
        groupIds: [],
        at: T0,
        by: 'admin@x',
      });
    });
    afterAll(async () => {
      await fixture?.cleanup();
    });

    it('migrations are recorded and re-running them, even concurrently, applies nothing', async () => {
      expect(await Promise.all([migrate(db), migrate(db)])).toEqual([[], []]);
      const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations');
      expect(rows.map((r) => Number(r.version)).sort((x, y) => x - y)).toEqual(migrations.map((m) => m.version));
    });

    it('stores users with unique names and reads them back', async () => {
      expect((await getUser(db, owner))?.name).toBe('deployer');
      expect((await getUserByName(db, 'alice'))?.email).toBe('alice@x');
      await expect(
        insertUser(db, {
          id: randomUUID(),
          name: 'alice',
          email: null,
          type: 'service',
          description: '',
          groupIds: [],
          at: T0,
          by: 'x',
        }),
      ).rejects.toThrow();
      expect(await countUsers(db)).toBe(2);
      await updateUser(db, other, { description: 'changed', email: null }, later(1), 'bob@x');
      const changed = await getUser(db, other);
      expect([changed?.description, changed?.email, changed?.updatedBy, changed?.updatedAt.toISOString()]).toEqual([
        'changed',
        null,
        'bob@x',
        later(1).toISOString(),
      ]);
      await updateUser(db, other, { email: 'alice@x' }, later(1), 'bob@x');
      expect((await listUsers(db, allRows('v.name ASC'))).map((u) => u.name)).toEqual(['alice', 'deployer']);
    });

    it('grants permissions through group roles', async () => {
      const role = randomUUID();
      const group = randomUUID();
      await insertRole(db, role, { name: 'key-makers', permissions: ['service_api_key.create'] }, T0);
      await insertGroup(db, group, { name: 'makers', description: '', accountAlerts: true, roleIds: [role] }, T0);
      await updateUser(db, other, { groupIds: [group] }, T0, 'x');
      expect([...(await permissionsOf(db, other))]).toEqual(['service_api_key.create']);
      expect((await getGroupByName(db, 'makers'))?.roleIds).toEqual([role]);
      expect((await listGroups(db, allRows('v.name'))).map((g) => g.accountAlerts)).toEqual([true]);
      expect((await getUser(db, other))?.groupIds).toEqual([group]);
    });

    it('stores keys by hash, computes expired at read time, and counts them per user', async () => {
      await insertKey(db, {
        id: hex32(1),
        hash: 'ab'.repeat(32),
        name: 'k1',
        userId: owner,
        type: 'service',
        expiresAt: later(10),
        at: T0,
        by: 'admin@x',
      });
      await insertKey(db, {
        id: hex32(2),
        hash: 'cd'.repeat(32),
        name: 'k2',
        userId: owner,
        type: 'service',
        expiresAt: null,
        at: T0,
        by: 'admin@x',
      });
      await insertKey(db, {
        id: hex32(3),
        hash: 'ef'.repeat(32),
        name: 'k3',
        userId: other,
        type: 'interactive',
        expiresAt: later(5),
        at: T0,
        by: 'alice@x',
      });
      expect(await countKeys(db, owner, 'service')).toBe(2);
      expect(await countKeys(db, other)).toBe(1);
      const k1 = await getKey(db, hex32(1), later(11));
      expect([k1?.hash, k1?.userName, k1?.userType, k1?.state]).toEqual([
        'ab'.repeat(32),
        'deployer',
        'service',
        'enabled',
      ]);
      const expired = await listKeys(db, later(11), { all: true }, keyList('_filter=state=="expired"'));
      expect(expired.map((k) => k.name)).toEqual(['k1', 'k3']);
      const enabled = await listKeys(
        db,
        later(1),
        { all: true },
        keyList('_filter=state=="enabled"&_order_by=name desc&_limit=2'),
      );
      expect(enabled.map((k) => k.name)).toEqual(['k3', 'k2']);
    });

    it('limits a list to what the caller may see', async () => {
      const own = await listKeys(db, T0, { all: false, ownerId: other, serviceKeys: false }, keyList(''));
      expect(own.map((k) => k.name)).toEqual(['k3']);
      const withService = await listKeys(
        db,
        T0,
        { all: false, ownerId: other, serviceKeys: true },
        keyList('_offset=1'),
      );
      expect(withService.map((k) => k.name)).toEqual(['k2', 'k3']);
    });

    it('refuses a regular expression RE2 refuses as a bad request, before any query', async () => {
      // The pattern is checked by RE2 while the list options are read; the database never sees it.
      await expect(async () =>
        listKeys(db, T0, { all: true }, keyList('_filter=name~"[[:foo:]]"')),
      ).rejects.toMatchObject({
        code: 'bad_request',
      });
    });

    it('updates state and writes last_used_at in one statement that never moves backwards', async () => {
      await updateKey(db, hex32(2), { state: 'disabled' }, later(2), 'bob@x');
      const k2 = await getKey(db, hex32(2), later(2));
      expect([k2?.state, k2?.updatedBy, k2?.updatedAt.toISOString()]).toEqual([
        'disabled',
        'bob@x',
        later(2).toISOString(),
      ]);
      await recordLastUsed(
        db,
        new Map([
          [hex32(1), later(3)],
          [hex32(2), later(3)],
        ]),
      );
      await recordLastUsed(db, new Map([[hex32(1), later(2)]]));
      expect((await getKey(db, hex32(1), T0))?.lastUsedAt?.toISOString()).toBe(later(3).toISOString());
      expect((await getKey(db, hex32(2), T0))?.lastUsedAt?.toISOString()).toBe(later(3).toISOString());
    });

    it('rolls a failed transaction back', async () => {
      await expect(
        db.transaction(async (tx) => {
          await updateKey(tx, hex32(1), { name: 'renamed' }, later(4), 'x');
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect((await getKey(db, hex32(1), T0))?.name).toBe('k1');
    });

    it('appends audit entries and lists them', async () => {
      await appendAudit(db, {
        at: T0,
        actor: 'system',
        actorId: null,
        action: 'bootstrap',
        target: 'identity/users/x',
        outcome: 'success',
        detail: '',
      });
      await appendAudit(db, {
        at: later(1),
        actor: 'alice@x',
        actorId: other,
        action: 'api_key.create',
        target: 'identity/apikeys/1',
        outcome: 'denied',
        detail: 'no',
      });
      const entries = await listAudit(db, allRows('v.at DESC'));
      expect(entries.map((e) => [e.action, e.outcome])).toEqual([
        ['api_key.create', 'denied'],
        ['bootstrap', 'success'],
      ]);
    });

    it('keeps one notification per key, user and day', async () => {
      const insert = (id: string) =>
        db.query(
          'INSERT INTO notifications (id, user_id, key_id, kind, day, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
          [id, other, hex32(3), 'expiry', '2026-01-02', T0.toISOString()],
        );
      await insert(randomUUID());
      await expect(insert(randomUUID())).rejects.toThrow();
    });

    it('deleting a user deletes its keys', async () => {
      expect(await deleteUser(db, owner)).toBe(true);
      expect(await getKey(db, hex32(1), T0)).toBeUndefined();
      expect(await countKeys(db, owner)).toBe(0);
    });
  });
}
