// bench/plan: `keyward plan`, no changes, over 10,000 keys of 1,000 service users on a live `keyward serve` (PGlite).
// Runs the compiled CLI (lib/, from npm run build). Prints wall and CPU time, peak RSS of the plan process, HTTP
// requests seen by the server next to the list pages expected, its time for the first and last key page, the load.
// KEYWARD_BENCH_ROUNDS runs the plan that many times on one seeded server; KEYWARD_BENCH_BEFORE (another built
// checkout) alternates its plan with this one's and prints after / before ratios of the medians.
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

interface PlanRun {
  readonly checkout: string;
  readonly planSeconds: number;
  readonly planCpuSeconds: number;
  /** The server runs in this process: its CPU time while the plan ran is what the listing cost it. */
  readonly serverCpuSeconds: number;
  readonly peakRssMb: number;
  readonly requests: number;
  /** Server time per key page, in order; the last is the short (often empty) page that ends the listing. */
  readonly keyPageMs: readonly number[];
  readonly load1: number;
}

interface PlanBench {
  readonly users: number;
  readonly keys: number;
  readonly seedSeconds: number;
  readonly listPages: number;
  readonly runs: readonly PlanRun[];
}

/** One `keyward plan` of the checkout's compiled CLI in a child process, expected to find no changes. */
async function measurePlan(
  checkout: string,
  cwd: string,
  url: string,
  apiKey: string,
): Promise<Omit<PlanRun, 'checkout' | 'requests' | 'keyPageMs' | 'load1'>> {
  const serverCpuStart = process.cpuUsage();
  // KEYWARD_BENCH_NODE_ARGS (space separated, e.g. --cpu-prof) reach the plan process only, never this harness.
  const nodeArgs = (process.env.KEYWARD_BENCH_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  const child = await run(
    process.execPath,
    [...nodeArgs, join(checkout, 'bench/plan/measure-plan.mjs'), 'plan', 'manifests', '--detailed-exitcode'],
    { cwd, env: { PATH: process.env.PATH, KEYWARD_URL: url, KEYWARD_API_KEY: apiKey }, maxBuffer: 64 * 1024 * 1024 },
  ).catch((err: { stderr?: string; code?: number }) => ({ stdout: '', stderr: err.stderr ?? '', code: err.code }));
  const serverCpu = process.cpuUsage(serverCpuStart);
  const line = child.stderr.split('\n').find((l) => l.startsWith('MEASURE '));
  if (!line) throw new Error(`plan child printed no measurement:\n${child.stderr.slice(-2000)}`);
  const measured = JSON.parse(line.slice('MEASURE '.length)) as {
    code: number;
    ms: number;
    cpuMs: number;
    maxRssKb: number;
  };
  if (measured.code !== 0) throw new Error(`plan was expected to find no changes (exit 0), got exit ${measured.code}`);
  return {
    planSeconds: measured.ms / 1000,
    planCpuSeconds: measured.cpuMs / 1000,
    serverCpuSeconds: (serverCpu.user + serverCpu.system) / 1e6,
    peakRssMb: measured.maxRssKb / 1024,
  };
}

export async function benchPlan(): Promise<PlanBench> {
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
    const runs: PlanRun[] = [];
    // KEYWARD_BENCH_BEFORE names another built checkout (e.g. main in a `git worktree`): its plan runs against the
    // same seeded server, alternating with this checkout's, so both are measured in the same minutes.
    const before = process.env.KEYWARD_BENCH_BEFORE;
    const checkouts = before === undefined || before === '' ? [root] : [before, root];
    const rounds = Number(process.env.KEYWARD_BENCH_ROUNDS ?? 1);
    for (let round = 0; round < rounds; round += 1) {
      for (const checkout of checkouts) {
        requests = 0;
        keyPageMs.length = 0;
        counting = true;
        const measured = await measurePlan(checkout, dir, service.url, adminKey);
        counting = false;
        runs.push({ checkout, ...measured, requests, keyPageMs: [...keyPageMs], load1: loadavg()[0] ?? Number.NaN });
      }
    }
    // Users, keys, and the roles and groups lists (a handful of built-in roles, no groups: one page each).
    const expectedPages = pages(USERS) + pages(USERS * KEYS_PER_USER) + 2 * pages(1);
    return { users: USERS, keys: USERS * KEYS_PER_USER, seedSeconds: seedMs / 1000, listPages: expectedPages, runs };
  } finally {
    await service.close();
    await database.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The middle value (the lower of the two middle ones for an even count). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

function printRun(r: PlanRun, listPages: number): void {
  // Issue 11's goals: < 150 MB at 10,000 keys, < 200 MB at 100,000.
  const pagesMs = r.keyPageMs;
  console.log(
    `  ${r.checkout === root ? 'this checkout' : `before (${r.checkout})`}: wall ${r.planSeconds.toFixed(2)} s, ` +
      `CPU plan ${r.planCpuSeconds.toFixed(2)} s / server ${r.serverCpuSeconds.toFixed(2)} s, ` +
      `peak RSS ${r.peakRssMb.toFixed(1)} MB, ${r.requests} requests for ${listPages} list pages, ` +
      `key pages ${pagesMs.length} (first ${pagesMs[0]?.toFixed(1)} ms, last full ${pagesMs[pagesMs.length - 2]?.toFixed(1)} ms), ` +
      `load ${r.load1.toFixed(1)}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchPlan();
  console.log(
    `bench/plan: keyward plan, no changes, ${r.keys} keys of ${r.users} service users in ${Math.ceil(r.users / USERS_PER_FILE)} manifests, ` +
      `on keyward serve (PGlite); seeding took ${r.seedSeconds.toFixed(1)} s; ${(await import('node:os')).cpus().length} cores`,
  );
  for (const run of r.runs) printRun(run, r.listPages);
  const rssTarget = r.keys > 10_000 ? 200 : 150;
  const mine = r.runs.filter((run) => run.checkout === root);
  const theirs = r.runs.filter((run) => run.checkout !== root);
  const summary = (runs: readonly PlanRun[]) => ({
    wall: median(runs.map((run) => run.planSeconds)),
    cpu: median(runs.map((run) => run.planCpuSeconds)),
    rss: median(runs.map((run) => run.peakRssMb)),
  });
  const after = summary(mine);
  console.log(
    `  median of ${mine.length}: wall ${after.wall.toFixed(2)} s, plan CPU ${after.cpu.toFixed(2)} s, ` +
      `peak RSS ${after.rss.toFixed(1)} MB (target < ${rssTarget} MB; CPU is less sensitive to load than wall time)`,
  );
  if (theirs.length > 0) {
    const was = summary(theirs);
    console.log(
      `  before, median of ${theirs.length}: wall ${was.wall.toFixed(2)} s, plan CPU ${was.cpu.toFixed(2)} s, ` +
        `peak RSS ${was.rss.toFixed(1)} MB; after / before: wall ${(after.wall / was.wall).toFixed(2)}, ` +
        `CPU ${(after.cpu / was.cpu).toFixed(2)}, peak RSS ${(after.rss / was.rss).toFixed(2)}`,
    );
  }
}
