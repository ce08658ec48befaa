// Runs compiled filters in real PGlite (and PostgreSQL when KEYWARD_TEST_DATABASE_URL is set) to prove the semantics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindFilter, compileFilter, parseFilter, parseListOptions } from '../../../src/keyservice/query/index.js';
import { type TestDatabase, databaseFactories } from './databases.js';
import { KEY_FIELDS } from './fields.js';
import { createKeyTable } from './key-rows.js';

describe.each(databaseFactories(process.env))('compiled filters on %s', (_name, open) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await open();
    await createKeyTable(db);
  });
  afterAll(async () => db.close());

  const ids = async (filter: string): Promise<string[]> => {
    const where = compileFilter(parseFilter(filter), KEY_FIELDS);
    const rows = await db.query(
      `SELECT k.id FROM k WHERE ${where.sql} ORDER BY k.id`,
      await bindFilter(db, 'k', [], where),
    );
    return rows.map((r) => String(r.id));
  };

  it.each([
    ["state == 'enabled'", ['k1', 'k4']],
    ["state != 'enabled'", ['k2', 'k3']],
    ["user_email == 'ops@example.com'", ['k2']],
    ["user_email := 'OPS@example.COM'", ['k1', 'k2']],
    ["user_email != 'ops@example.com'", ['k1', 'k3', 'k4']],
    ['user_email == null', ['k3', 'k4']],
    ['user_email != null', ['k1', 'k2']],
    ["name ~ '^deploy#[0-9]$'", ['k1', 'k2']],
    ["name ~ 'ACK'", []],
    ['name == "it\'s"', ['k4']],
    ["name == 'it\\'s'", ['k4']],
    ["user_id == 'identity/users/u1'", ['k1', 'k2']],
    ["expires_at == '2026-01-01T00:00:00Z'", ['k1', 'k4']],
    ["expires_at == '2026-01-01T01:00:00.0000000+01:00'", ['k1', 'k4']],
    ["expires_at != '2026-01-01T00:00:00Z'", ['k2', 'k3']],
    ['expires_at == null', ['k2']],
    ['uses == 5', ['k1']],
    ['uses != 5', ['k2', 'k3', 'k4']],
    ['legacy == true', ['k3']],
    ['legacy == null', ['k4']],
    ["state == 'enabled' and user_email != null", ['k1']],
    ["state == 'expired' or name ~ '#2'", ['k2', 'k3']],
    ["not state == 'enabled' and not name ~ 'deploy'", ['k3']],
    ["not (state == 'enabled' or name ~ 'deploy')", ['k3']],
    ["user_id == 'u1' and (state == 'disabled' or uses == 5)", ['k1', 'k2']],
    // Shapes ibPS sends: double quotes, no spaces, `:=` on enums with a capitalised value, `~` for "contains".
    ['name~"deploy" and state:="Enabled"', ['k1']],
    ['user_email~"example" and id=="k2"', ['k2']],
  ])('%s', async (filter, expected) => {
    expect(await ids(filter)).toEqual(expected);
  });

  it.each([
    ["id > 'k2'", ['k3', 'k4']],
    ["id >= 'k2'", ['k2', 'k3', 'k4']],
    ["id < 'k2'", ['k1']],
    ["user_id < 'identity/users/u2'", ['k1', 'k2']],
    ['uses > 0', ['k1', 'k3']],
    ['uses >= 0 and uses < 12', ['k1', 'k2']],
    ['uses <= 5', ['k1', 'k2']],
    // Times compare as instants whatever their offset; NULL never satisfies an ordering.
    ["expires_at < '2026-01-01T00:00:00Z'", ['k3']],
    ["expires_at <= '2026-01-01T01:00:00+01:00'", ['k1', 'k3', 'k4']],
    ["expires_at > '2025-12-31T23:59:59.999Z'", ['k1', 'k4']],
  ])('orders %s', async (filter, expected) => {
    expect(await ids(filter)).toEqual(expected);
  });

  it('compares strings in the collation ORDER BY uses, so `>` resumes a sorted list exactly', async () => {
    const sorted = (await db.query('SELECT k.name FROM k ORDER BY k.name')).map((r) => String(r.name));
    for (const [i, name] of sorted.entries()) {
      const where = compileFilter(parseFilter(`name > ${JSON.stringify(name)}`), KEY_FIELDS);
      const rows = await db.query(`SELECT k.name FROM k WHERE ${where.sql} ORDER BY k.name`, where.params);
      expect(rows.map((r) => String(r.name))).toEqual(sorted.slice(i + 1));
    }
  });

  it('treats not as an exact complement, nulls included', async () => {
    for (const filter of [
      "user_email == 'ops@example.com'",
      "name ~ 'x'",
      'uses == 5',
      'legacy == false',
      "expires_at == '2026-01-01T00:00:00Z'",
      "user_email > 'a'",
      'uses < 5',
      "expires_at >= '2026-01-01T00:00:00Z'",
    ]) {
      const yes = await ids(filter);
      const no = await ids(`not (${filter})`);
      expect([...yes, ...no].sort()).toEqual(['k1', 'k2', 'k3', 'k4']);
    }
  });

  it.each([
    // RE2 (Go) syntax: flags, Perl classes, POSIX classes and Unicode classes mean what they mean in Go.
    ["name ~ '(?i)^DEPLOY#'", ['k1', 'k2']],
    ["name ~ '^deploy#\\d$'", ['k1', 'k2']],
    ["name ~ '^[[:upper:]]'", ['k3']],
    ["name ~ '^\\p{Lu}\\pL+$'", ['k3']],
    ["name ~ '\\Aback'", []],
    ["name ~ '(?i)\\Aback'", ['k3']],
    ["user_email ~ '(?i)^ops@example\\.com$'", ['k1', 'k2']],
    // The pathological back-reference pattern of issue 11 without its back-references: linear in RE2.
    ["name ~ '^(a*)(a*)(a*)a!'", []],
  ])('matches RE2 pattern %s', async (filter, expected) => {
    expect(await ids(filter)).toEqual(expected);
  });

  it('pages deterministically with list options', async () => {
    const spec = {
      fields: KEY_FIELDS,
      defaultOrderBy: 'name',
      selectable: ['id', 'name'],
      tiebreaker: 'k.id ASC',
      firstParamIndex: 1,
    };
    const page = async (query: string): Promise<string[]> => {
      const o = parseListOptions(new URLSearchParams(query), spec);
      const where = o.where === null ? 'TRUE' : o.where.sql;
      const params = [...(o.where === null ? [] : await bindFilter(db, 'k', [], o.where)), o.limit, o.offset];
      const n = params.length;
      const rows = await db.query(
        `SELECT k.id FROM k WHERE ${where} ORDER BY ${o.orderBy} LIMIT $${n - 1} OFFSET $${n}`,
        params,
      );
      return rows.map((r) => String(r.id));
    };
    expect(await page('_order_by=user_id desc, name asc')).toEqual(['k4', 'k3', 'k1', 'k2']);
    expect(await page('_order_by=user_id&_limit=2')).toEqual(['k1', 'k2']);
    expect(await page('_order_by=user_id&_limit=2&_offset=2')).toEqual(['k3', 'k4']);
    expect(await page("_filter=state != 'enabled'&_order_by=expires_at desc")).toEqual(['k2', 'k3']);
    expect(await page("_filter=name ~ 'e' and state != 'expired'&_order_by=name desc&_limit=1&_offset=1")).toEqual([
      'k1',
    ]);
  });
});
