// last_used_at is batched: uses collect in memory and reach storage in ONE UPDATE per flush (timer tick or shutdown).
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/keyservice/storage/database.js';
import { openPgliteDatabase } from '../../src/keyservice/storage/pglite-database.js';
import { at, manualTimer, serviceKey, serviceUser, startTestService, type TestService } from './support/harness.js';

function counting(db: Database): { db: Database; updates: () => number } {
  let updates = 0;
  const isLastUsedWrite = (sql: string) => /^\s*UPDATE api_keys k SET last_used_at/.test(sql);
  return {
    db: {
      kind: db.kind,
      query: (sql, params) => {
        if (isLastUsedWrite(sql)) updates++;
        return db.query(sql, params);
      },
      transaction: (fn) =>
        db.transaction((tx) =>
          fn({
            query: (sql, params) => {
              if (isLastUsedWrite(sql)) updates++;
              return tx.query(sql, params);
            },
          }),
        ),
      close: () => db.close(),
    },
    updates: () => updates,
  };
}

describe('last_used_at batching', () => {
  const open: Array<{ t: TestService; db: Database }> = [];
  afterEach(async () => {
    for (const { t, db } of open.splice(0)) {
      await t.close();
      await db.close();
    }
  });

  it('writes many uses of many keys with one UPDATE per flush, every second by default', async () => {
    const raw = await openPgliteDatabase('memory://');
    const { db, updates } = counting(raw);
    const timer = manualTimer();
    const t = await startTestService('pglite', { database: db, flushTimer: timer.timer });
    open.push({ t, db: raw });
    expect(timer.intervals).toEqual([1000]);
    const user = await serviceUser(t, 'busy');
    const keys = [await serviceKey(t, user, 'a'), await serviceKey(t, user, 'b')];
    t.clock.set(at(1));
    for (let i = 0; i < 20; i++) {
      for (const k of keys) await t.call('POST', '/v2/api_keys/verify', { body: { key: k.key } });
    }
    expect(updates()).toBe(0);
    // Reads in this process already show the pending use.
    expect((await t.call('GET', `/v2/api_keys/${keys[0]?.id}`)).result.last_used_at).toBe(at(1));
    timer.tick();
    await t.service.flushLastUsed();
    expect(updates()).toBe(1);
    const stored = await raw.query<{ id: string; last_used_at: Date }>(
      'SELECT id, last_used_at FROM api_keys WHERE user_id = $1 ORDER BY name',
      [user.replace('identity/users/', '')],
    );
    expect(stored.map((r) => new Date(r.last_used_at).toISOString())).toEqual([at(1), at(1)]);
    // Nothing pending: a tick writes nothing.
    timer.tick();
    await t.service.flushLastUsed();
    expect(updates()).toBe(1);
  });

  it('flushes pending uses on shutdown', async () => {
    const raw = await openPgliteDatabase('memory://');
    const { db, updates } = counting(raw);
    const t = await startTestService('pglite', { database: db });
    const user = await serviceUser(t, 'closing');
    const k = await serviceKey(t, user, 'k');
    t.clock.set(at(2));
    await t.call('POST', '/v2/api_keys/verify', { body: { key: k.key } });
    const before = updates();
    await t.close();
    expect(updates()).toBe(before + 1);
    const rows = await raw.query<{ last_used_at: Date }>('SELECT last_used_at FROM api_keys WHERE id = $1', [
      k.id.replace('identity/apikeys/', ''),
    ]);
    expect(new Date(rows[0]?.last_used_at ?? 0).toISOString()).toBe(at(2));
    await raw.close();
  });
});
