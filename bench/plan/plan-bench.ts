// bench/plan: `keyward plan`, no changes, over 10,000 keys of 1,000 service users on a live `keyward serve` (PGlite).
// Runs the compiled CLI (lib/, from npm run build). Prints wall and CPU time, peak RSS of the plan process, HTTP
// requests seen by the server next to the list pages expected, its time for the first and last key page, the load.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { startKeyService } from '../../src/keyservice/server.js';
import { openPgliteDatabase } from '../../src/keyservice/storage/pglite-database.js';
import { seedKeys, seededUserName } from '../support/seed-keys.js';

const run = promisify(execFile);
const USERS = Number(process.env.KEYWARD_BENCH_USERS ?? 1000);
const KEYS_PER_USER = 10;
const USERS_PER_FILE = 10;
const PAGE = 1000;
const root = join(import.meta.dirname, '..', '..');

/** Pages a pager that stops at the first short page needs for n items. */
const pages = (n: number): number => Math.floor(n / PAGE) + 1;

export async function benchPlan(): Promise<Record<string, number>> {
  const adminKey = randomBytes(32).toString('hex');
  let requests = 0;
  let counting = false;
  const keyPageMs: number[] = [];
  const log = (line: string): void => {
    if (!counting) return;
    requests += 1;
    // The server logs `GET /v2/api_keys 200 12.3ms` per request: the time it spent on that page.
    const page = /^GET \/v2\/api_keys 200 ([0-9.]+)ms$/.exec(line);
    if (page) keyPageMs.push(Number(page[1]));
  };
  const database = await openPgliteDatabase('memory://');
  const service = await startKeyService({ bootstrapKey: adminKey, database, log });
  const dir = await mkdtemp(join(tmpdir(), 'keyward-bench-plan-'));
  try {
    const seedStart = performance.now();
    const users = Array.from({ length: USERS }, (_, i) => seededUserName(i, 4));
    const expiresAt = new Date(Date.now() + 300 * 86_400_000).toISOString();
    await seedKeys(database, { users: USERS, keysPerUser: KEYS_PER_USER, digits: 4, expiresAt });
    const seedMs = performance.now() - seedStart;
    // One manifest per team of 10 service users, as a repository of this size would be laid out.
    await mkdir(join(dir, 'manifests'));
    for (let team = 0; team * USERS_PER_FILE < USERS; team += 1) {
      const members = users.slice(team * USERS_PER_FILE, (team + 1) * USERS_PER_FILE);
      const manifest = {
        apiVersion: 'keyward.dev/v1',
        kind: 'ServiceUsers',
        metadata: { name: `team-${team}` },
        provider: { driver: 'keyward' },
        serviceUsers: members.map((name) => ({
          name,
          keys: Array.from({ length: KEYS_PER_USER }, (_, k) => ({ name: `key-${k}`, expiresAt })),
        })),
      };
      await writeFile(join(dir, 'manifests', `team-${team}.yaml`), stringify(manifest));
    }
    counting = true;
    // The server runs in this process: its CPU time while the plan runs is what the listing cost it.
    const serverCpuStart = process.cpuUsage();
    // KEYWARD_BENCH_NODE_ARGS (space separated, e.g. --cpu-prof) reach the plan process only, never this harness.
    const nodeArgs = (process.env.KEYWARD_BENCH_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
    const child = await run(
      process.execPath,
      [...nodeArgs, join(root, 'bench/plan/measure-plan.mjs'), 'plan', 'manifests', '--detailed-exitcode'],
      {
        cwd: dir,
        env: { PATH: process.env.PATH, KEYWARD_URL: service.url, KEYWARD_API_KEY: adminKey },
        maxBuffer: 64 * 1024 * 1024,
      },
    ).catch((err: { stderr?: string; code?: number }) => ({ stdout: '', stderr: err.stderr ?? '', code: err.code }));
    counting = false;
    const serverCpu = process.cpuUsage(serverCpuStart);
    const line = child.stderr.split('\n').find((l) => l.startsWith('MEASURE '));
    if (!line) throw new Error(`plan child printed no measurement:\n${child.stderr.slice(-2000)}`);
    const measured = JSON.parse(line.slice('MEASURE '.length)) as {
      code: number;
      ms: number;
      cpuMs: number;
      maxRssKb: number;
    };
    if (measured.code !== 0)
      throw new Error(`plan was expected to find no changes (exit 0), got exit ${measured.code}`);
    // Users, keys, and the roles and groups lists (a handful of built-in roles, no groups: one page each).
    const expectedPages = pages(USERS) + pages(USERS * KEYS_PER_USER) + 2 * pages(1);
    // The last page is the short (often empty) one that ends the listing; a full page before it shows the same trend.
    const firstPageMs = keyPageMs[0] ?? Number.NaN;
    const lastPageMs = keyPageMs[keyPageMs.length - 1] ?? Number.NaN;
    const lastFullPageMs = keyPageMs[keyPageMs.length - 2] ?? Number.NaN;
    return {
      users: USERS,
      keys: USERS * KEYS_PER_USER,
      seedSeconds: seedMs / 1000,
      planSeconds: measured.ms / 1000,
      planCpuSeconds: measured.cpuMs / 1000,
      serverCpuSeconds: (serverCpu.user + serverCpu.system) / 1e6,
      peakRssMb: measured.maxRssKb / 1024,
      httpRequests: requests,
      listPages: expectedPages,
      keyPages: keyPageMs.length,
      firstKeyPageMs: firstPageMs,
      lastFullKeyPageMs: lastFullPageMs,
      lastKeyPageMs: lastPageMs,
      load1: loadavg()[0] ?? Number.NaN,
    };
  } finally {
    await service.close();
    await database.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchPlan();
  console.log(
    `bench/plan: keyward plan, no changes, ${r.keys} keys of ${r.users} service users in ${Math.ceil((r.users ?? 0) / USERS_PER_FILE)} manifests, on keyward serve (PGlite)`,
  );
  console.log(`  plan wall time     ${r.planSeconds?.toFixed(2)} s (seeding took ${r.seedSeconds?.toFixed(1)} s)`);
  console.log(
    `  CPU time           plan ${r.planCpuSeconds?.toFixed(2)} s, server ${r.serverCpuSeconds?.toFixed(2)} s ` +
      '(less sensitive to load than wall time)',
  );
  // Issue 11's goals: < 150 MB at 10,000 keys, < 200 MB at 100,000.
  const rssTarget = (r.keys ?? 0) > 10_000 ? 200 : 150;
  console.log(`  peak RSS           ${r.peakRssMb?.toFixed(1)} MB (target < ${rssTarget} MB)`);
  console.log(`  HTTP requests      ${r.httpRequests} for ${r.listPages} list pages (target: equal)`);
  console.log(
    `  key list pages     ${r.keyPages}: first ${r.firstKeyPageMs?.toFixed(1)} ms, last full ${r.lastFullKeyPageMs?.toFixed(1)} ms, ` +
      `last ${r.lastKeyPageMs?.toFixed(1)} ms (server time; a flat trend means cost grows with the key count only)`,
  );
  console.log(
    `  load average       ${r.load1?.toFixed(1)} (1 min) on ${(await import('node:os')).cpus().length} cores`,
  );
}
