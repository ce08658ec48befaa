// bench/portal: the Service API Keys table's requests (exactly the portal's `_filter` / `_order_by` / `_limit` /
// `_offset`) over 10,000 keys next to the same requests over 100 keys, on one PGlite service each. Ratios, no asserts.
import { randomBytes } from 'node:crypto';
import { listParams } from '../../src/portal/web/api/query.js';
import {
  DEFAULT_SORT,
  keyListRequest,
  NO_FILTERS,
  type KeyFilters,
  type KeySort,
} from '../../src/portal/web/pages/service-keys/query.js';
import { startKeyService } from '../../src/keyservice/server.js';
import { openPgliteDatabase } from '../../src/keyservice/storage/pglite-database.js';
import { seedKeys } from '../support/seed-keys.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const PAGE_SIZE = 25;

interface Case {
  readonly name: string;
  readonly filters: KeyFilters;
  readonly sort: KeySort;
  readonly lastPage: boolean;
}

const CASES: readonly Case[] = [
  { name: 'first page', filters: NO_FILTERS, sort: DEFAULT_SORT, lastPage: false },
  { name: 'last page', filters: NO_FILTERS, sort: DEFAULT_SORT, lastPage: true },
  { name: 'sorted by name', filters: NO_FILTERS, sort: { field: 'name', desc: false }, lastPage: false },
  { name: 'search', filters: { ...NO_FILTERS, search: 'svc-0042' }, sort: DEFAULT_SORT, lastPage: false },
  {
    name: 'state + type filter',
    filters: { ...NO_FILTERS, states: ['disabled'], types: ['service'] },
    sort: DEFAULT_SORT,
    lastPage: false,
  },
];

async function measure(keys: number): Promise<Map<string, number>> {
  const adminKey = randomBytes(32).toString('hex');
  const database = await openPgliteDatabase('memory://');
  const service = await startKeyService({ bootstrapKey: adminKey, database });
  try {
    const users = Math.max(1, keys / 10);
    await seedKeys(database, {
      users,
      keysPerUser: 10,
      digits: 4,
      expiresAt: new Date(Date.now() + 300 * 86_400_000).toISOString(),
    });
    const medians = new Map<string, number>();
    for (const c of CASES) {
      const page = c.lastPage ? Math.floor(keys / PAGE_SIZE) - 1 : 0;
      const request = keyListRequest(c.filters, c.sort, page, PAGE_SIZE);
      const url = `${service.url}/v2/api_keys?${listParams({ ...request, limit: PAGE_SIZE + 1 })}`;
      const times: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const started = performance.now();
        const res = await fetch(url, { headers: { Authorization: `Token ${adminKey}` } });
        if (res.status !== 200) throw new Error(`${c.name}: HTTP ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      medians.set(c.name, times[Math.floor(times.length / 2)] ?? Number.NaN);
    }
    return medians;
  } finally {
    await service.close();
    await database.close();
  }
}

const small = await measure(100);
const large = await measure(10_000);
for (const c of CASES) {
  const [a, b] = [small.get(c.name) ?? Number.NaN, large.get(c.name) ?? Number.NaN];
  console.log(
    `${c.name.padEnd(20)} 100 keys ${a.toFixed(1).padStart(6)} ms   ` +
      `10,000 keys ${b.toFixed(1).padStart(6)} ms   ratio ${(b / a).toFixed(2)}`,
  );
}
