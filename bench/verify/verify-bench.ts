// Benchmark: requests/s of POST /v2/api_keys/verify on `keyward serve` (compiled CLI) with PGlite and with PostgreSQL,
// next to a no-op node:http server, and verify while an attacker sends random keys; rounds side by side in one run.
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { median } from '../support/child-service.js';
import { benchDatabaseUrl } from '../support/postgres.js';
import { BENCH_CLI, NOOP_SERVER, cpuMicros, startServer, type ServerProcess } from '../support/serve-process.js';
import type { AttackCount } from './attacker.js';

const ADMIN_KEY = '0123456789abcdef'.repeat(4);
const DURATION_S = Number(process.env.BENCH_DURATION ?? '5');
/** Rounds of every measurement in turn: other load on the machine moves req/s a lot, so ratios are taken per round. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? '3');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? '20');

interface Measured {
  /** Answers 2xx per second. */
  readonly rate: number;
  readonly refused: number;
  /** Server CPU per 2xx answer in µs, all threads and the main (JavaScript) thread alone. */
  readonly cpu: number;
  readonly mainCpu: number;
}

interface Target {
  readonly label: string;
  readonly server: ServerProcess;
  /** A key of the target's, to verify; undefined for the no-op server. */
  readonly key: string;
}

/** Starts `keyward serve` and makes a service user and key through its API; returns the key to verify. */
async function keyService(label: string, extra: readonly string[], env: NodeJS.ProcessEnv, log: string) {
  const server = await startServer([BENCH_CLI, 'serve', '--port', '0', ...extra], env, log);
  const headers = { authorization: `Token ${ADMIN_KEY}`, 'content-type': 'application/json' };
  const post = async <T>(path: string, body: object): Promise<T> => {
    const res = await fetch(`${server.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${label}: POST ${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  };
  const user = await post<{ result: { id: string } }>('/v2/users', { name: 'bench', type: 'service' });
  const expires = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const created = await post<{ result: { key: string } }>('/v2/api_keys', {
    name: 'bench',
    user_id: user.result.id,
    expires_at: expires,
  });
  const probe = await post<{ result: { code: string } }>('/v2/api_keys/verify', { key: created.result.key });
  if (probe.result.code !== 'VALID') throw new Error(`${label}: verify answered ${probe.result.code}, not VALID`);
  return { label, server, key: created.result.key };
}

/** autocannon against one target after a 2 s warm-up; quiet runs must see only 2xx answers. */
async function measure(target: Target, quiet: boolean): Promise<Measured> {
  const opts = {
    url: `${target.server.url}/v2/api_keys/verify`,
    method: 'POST' as const,
    body: JSON.stringify({ key: target.key }),
    headers: { authorization: `Token ${ADMIN_KEY}`, 'content-type': 'application/json' },
    connections: CONNECTIONS,
  };
  await autocannon({ ...opts, duration: 2 });
  const before = cpuMicros(target.server.pid);
  const result = await autocannon({ ...opts, duration: DURATION_S });
  const after = cpuMicros(target.server.pid);
  if (quiet && (result.non2xx > 0 || result.errors > 0))
    throw new Error(`${target.label}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  const ok = result['2xx'];
  return {
    rate: ok / DURATION_S,
    refused: result.non2xx + result.errors,
    cpu: (after.all - before.all) / ok,
    mainCpu: (after.main - before.main) / ok,
  };
}

/** measure() while attacker.ts runs in a process of its own; returns both sides' figures. */
async function underAttack(target: Target): Promise<{ verify: Measured; attack: AttackCount }> {
  const attacker = fork(join(import.meta.dirname, 'attacker.ts'), ['attack', target.server.url, String(CONNECTIONS)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise((resolve) => attacker.once('message', resolve));
  const verify = await measure(target, false);
  const counted = new Promise<AttackCount>((resolve) => attacker.once('message', (m) => resolve(m as AttackCount)));
  attacker.send('stop');
  return { verify, attack: await counted };
}

interface Round {
  readonly noop: Measured;
  readonly pglite: Measured;
  readonly postgres: Measured;
  readonly attacked: Measured;
  readonly attack: AttackCount;
}

const figures = (m: Measured) =>
  `${m.rate.toFixed(0).padStart(6)} req/s ${m.cpu.toFixed(0).padStart(4)} µs CPU (${m.mainCpu.toFixed(0)} main)`;

function printRound(name: string, r: Round): void {
  const sent = r.attack.sent / r.attack.seconds;
  const statuses = Object.entries(r.attack.status)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  console.log(
    `${name.padEnd(7)} no-op ${figures(r.noop)} | PGlite ${figures(r.pglite)} ${(r.pglite.rate / r.noop.rate).toFixed(2)}` +
      ` | PostgreSQL ${figures(r.postgres)} ${(r.postgres.rate / r.noop.rate).toFixed(2)}` +
      ` | PGlite attacked ${figures(r.attacked)} ${(r.attacked.rate / r.pglite.rate).toFixed(2)}` +
      (r.attacked.refused > 0 ? ` (${r.attacked.refused} legitimate requests refused)` : '') +
      ` (attacker ${sent.toFixed(0)} req/s: ${statuses})`,
  );
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'keyward-bench-verify-'));
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, KEYWARD_BOOTSTRAP_KEY: ADMIN_KEY };
  const database = await benchDatabaseUrl();
  const started: ServerProcess[] = [];
  try {
    const noopServer = await startServer(['-e', NOOP_SERVER], env, join(dir, 'noop.log'));
    started.push(noopServer);
    const noop: Target = { label: 'no-op', server: noopServer, key: ADMIN_KEY };
    const pglite = await keyService('PGlite', ['--data', join(dir, 'pglite')], env, join(dir, 'pglite.log'));
    started.push(pglite.server);
    const postgresEnv = { ...env, DATABASE_URL: database.url };
    const postgres = await keyService('PostgreSQL', [], postgresEnv, join(dir, 'postgres.log'));
    started.push(postgres.server);
    const rounds: Round[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const [n, p, q] = [await measure(noop, true), await measure(pglite, true), await measure(postgres, true)];
      const { verify, attack } = await underAttack(pglite);
      rounds.push({ noop: n, pglite: p, postgres: q, attacked: verify, attack });
      printRound(`round ${i + 1}`, rounds[i] as Round);
    }
    const mid = (pick: (r: Round) => Measured): Measured => ({
      rate: median(rounds.map((r) => pick(r).rate)),
      refused: median(rounds.map((r) => pick(r).refused)),
      cpu: median(rounds.map((r) => pick(r).cpu)),
      mainCpu: median(rounds.map((r) => pick(r).mainCpu)),
    });
    const ratio = (f: (r: Round) => number) => median(rounds.map(f)).toFixed(2);
    console.log(
      `medians of ${ROUNDS} rounds (${CONNECTIONS} connections, ${DURATION_S} s each after a 2 s warm-up, ` +
        `${BENCH_CLI}, ${database.source}; load average ${loadavg()[0]?.toFixed(1) ?? '?'} at the end):`,
    );
    for (const [label, pick] of [
      ['no-op node:http server', (r: Round) => r.noop],
      ['verify, PGlite', (r: Round) => r.pglite],
      ['verify, PostgreSQL', (r: Round) => r.postgres],
      ['verify, PGlite attacked', (r: Round) => r.attacked],
    ] as const)
      console.log(`  ${label.padEnd(24)} ${figures(mid(pick))} per 2xx answer`);
    console.log(
      `summary (median of the per-round ratios): verify / no-op on PGlite ${ratio((r) => r.pglite.rate / r.noop.rate)}, ` +
        `on PostgreSQL ${ratio((r) => r.postgres.rate / r.noop.rate)} (targets >= 0.8); under attack / quiet ` +
        `${ratio((r) => r.attacked.rate / r.pglite.rate)} (target >= 0.5); CPU per answer no-op / verify on PGlite ` +
        `${ratio((r) => r.noop.cpu / r.pglite.cpu)}, on PostgreSQL ${ratio((r) => r.noop.cpu / r.postgres.cpu)}`,
    );
  } finally {
    for (const server of started) await server.stop();
    await database.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
