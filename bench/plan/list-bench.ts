// bench/plan list: the key listing alone, `_offset` paging against keyset paging, side by side on one `keyward serve`.
// Prints each way's total, first and last full page (client-measured) and the ratio; never asserts a time.
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { CspClient } from '../../src/drivers/csp/client.js';
import { httpFetch } from '../../src/drivers/csp/http-fetch.js';
import { startKeyService } from '../../src/keyservice/server.js';
import { openPgliteDatabase } from '../../src/keyservice/storage/pglite-database.js';
import { seedKeys } from '../support/seed-keys.js';

const USERS = Number(process.env.KEYWARD_BENCH_USERS ?? 1000);
const KEYS_PER_USER = 10;

interface Run {
  readonly items: number;
  readonly requests: number;
  readonly totalMs: number;
  readonly pageMs: readonly number[];
}

/** Lists every service key once, timing each HTTP request through the client's transport seam. */
async function listAll(url: string, apiKey: string, keysetPaging: boolean): Promise<Run> {
  const pageMs: number[] = [];
  const client = new CspClient({
    baseUrl: url,
    apiKey,
    pageSize: 1000,
    keysetPaging,
    fetch: async (target, init) => {
      const started = performance.now();
      const answer = await httpFetch(target, init);
      const text = await answer.text();
      pageMs.push(performance.now() - started);
      return { status: answer.status, headers: answer.headers, text: async () => text };
    },
  });
  const started = performance.now();
  const listed = await client.list('/v2/api_keys', { filter: 'type=="service"' });
  return { items: listed.items.length, requests: listed.requests, totalMs: performance.now() - started, pageMs };
}

function describe(name: string, r: Run): string {
  const last = r.pageMs[r.pageMs.length - 2] ?? r.pageMs[0] ?? Number.NaN;
  return (
    `  ${name.padEnd(8)} ${(r.totalMs / 1000).toFixed(2)} s for ${r.items} keys in ${r.requests} requests; ` +
    `first page ${r.pageMs[0]?.toFixed(0)} ms, last full page ${last.toFixed(0)} ms`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const adminKey = randomBytes(32).toString('hex');
  const database = await openPgliteDatabase('memory://');
  const service = await startKeyService({ bootstrapKey: adminKey, database, log: () => {} });
  try {
    const expiresAt = new Date(Date.now() + 300 * 86_400_000).toISOString();
    await seedKeys(database, { users: USERS, keysPerUser: KEYS_PER_USER, digits: 5, expiresAt });
    await database.query('ANALYZE');
    const offset = await listAll(service.url, adminKey, false);
    const keyset = await listAll(service.url, adminKey, true);
    console.log(
      `bench/plan list: ${USERS * KEYS_PER_USER} service keys, pages of 1000, on keyward serve (PGlite); ` +
        `load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores`,
    );
    console.log(describe('_offset', offset));
    console.log(describe('keyset', keyset));
    console.log(`  keyset / _offset  ${(keyset.totalMs / offset.totalMs).toFixed(2)} (lower is better)`);
  } finally {
    await service.close();
    await database.close();
  }
}
