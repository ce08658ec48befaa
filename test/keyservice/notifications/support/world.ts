// A migrated key-service database (PGlite, and PostgreSQL when KEYWARD_TEST_DATABASE_URL is set) for the
// notification tests, with helpers that add users, groups and keys through the key service's repositories.

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Database } from '../../../../src/keyservice/storage/database.js';
import { migrate } from '../../../../src/keyservice/storage/migrations.js';
import { openPgliteDatabase } from '../../../../src/keyservice/storage/pglite-database.js';
import { openPostgresDatabase } from '../../../../src/keyservice/storage/postgres-database.js';
import { insertUser } from '../../../../src/keyservice/repository/users-repo.js';
import { insertGroup } from '../../../../src/keyservice/repository/groups-repo.js';
import { deleteKey, insertKey, updateKey } from '../../../../src/keyservice/repository/keys-repo.js';
import { setUserGroups } from '../../../../src/keyservice/repository/users-repo.js';
import { createTestDatabase, testPostgresUrl } from '../../support/test-database.js';

const CREATED = new Date('2026-01-01T00:00:00Z');

export interface World {
  readonly db: Database;
  addUser(name: string, type: 'interactive' | 'service', email?: string | null): Promise<string>;
  addGroup(name: string, accountAlerts: boolean, memberIds: readonly string[]): Promise<string>;
  /** Adds an enabled key; returns its ID. The full key (ID + secret) is kept in `secrets` for leak checks. */
  addKey(
    name: string,
    userId: string,
    type: 'interactive' | 'service' | 'legacy',
    expiresAt: Date | null,
  ): Promise<string>;
  setKeyState(keyId: string, state: 'enabled' | 'disabled'): Promise<void>;
  removeKey(keyId: string): Promise<void>;
  /** Every full key created through addKey. */
  readonly secrets: string[];
  close(): Promise<void>;
}

export function worldFactories(): [string, () => Promise<World>][] {
  const factories: [string, () => Promise<World>][] = [
    ['pglite', async () => worldOver(await openPgliteDatabase('memory://'), async () => undefined)],
  ];
  const serverUrl = testPostgresUrl();
  if (serverUrl !== undefined) {
    factories.push([
      'postgres',
      async () => {
        const testDb = await createTestDatabase(serverUrl);
        return worldOver(await openPostgresDatabase(testDb.url), () => testDb.drop());
      },
    ]);
  }
  return factories;
}

async function worldOver(db: Database, drop: () => Promise<void>): Promise<World> {
  await migrate(db);
  const groups = new Map<string, string[]>();
  const secrets: string[] = [];
  return {
    db,
    secrets,
    async addUser(name, type, email) {
      const id = randomUUID();
      const address = email === undefined ? (type === 'service' ? null : `${name}@example.com`) : email;
      await insertUser(db, { id, name, email: address, type, description: '', groupIds: [], at: CREATED, by: 'test' });
      return id;
    },
    async addGroup(name, accountAlerts, memberIds) {
      const id = randomUUID();
      await insertGroup(db, id, { name, description: '', accountAlerts, roleIds: [] }, CREATED);
      for (const member of memberIds) {
        const mine = [...(groups.get(member) ?? []), id];
        groups.set(member, mine);
        await setUserGroups(db, member, mine);
      }
      return id;
    },
    async addKey(name, userId, type, expiresAt) {
      const key = randomBytes(32).toString('hex');
      secrets.push(key);
      const id = key.slice(0, 32);
      const hash = createHash('sha256').update(key).digest('hex');
      await insertKey(db, { id, hash, name, userId, type, expiresAt, at: CREATED, by: 'test' });
      return id;
    },
    async setKeyState(keyId, state) {
      await updateKey(db, keyId, { state }, CREATED, 'test');
    },
    async removeKey(keyId) {
      await deleteKey(db, keyId);
    },
    async close() {
      await db.close();
      await drop();
    },
  };
}
