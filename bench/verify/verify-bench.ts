// Benchmark: requests/s of POST /v2/api_keys/verify on PGlite and on PostgreSQL next to a no-op node:http server, and
// verify's throughput while an attacker sends random keys, all in one run as ratios; nothing here asserts on time.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { benchDatabaseUrl } from '../support/postgres.js';

const ADMIN_KEY = '0123456789abcdef'.repeat(4);
const DURATION_S = Number(process.env.BENCH_DURATION ?? '5');
/** Rounds of no-op then verify: other load on the machine moves req/s a lot, so the ratio is taken per round. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? '3');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? '20');

/** Children answer 'cpu' with their CPU time so far (µs), so the parent can compute CPU per request. */
/** CPU time of the main (JavaScript) thread in µs, from /proc on Linux; undefined elsewhere. */
function mainThreadCpu(): number | undefined {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return undefined;
  }
}

function answerCpu(): void {
  process.on('message', (m) => {
    if (m === 'cpu') {
      const usage = process.cpuUsage();
      process.send?.({ cpu: usage.user + usage.system, main: mainThreadCpu() });
    }
  });
}

async function serveKeyService(): Promise<void> {
  answerCpu();
  const { startKeyService } = await import('../../src/keyservice/server.js');
  const databaseUrl = process.env.KEYWARD_BENCH_VERIFY_DATABASE_URL;
  const service = await startKeyService({ bootstrapKey: ADMIN_KEY, ...(databaseUrl ? { databaseUrl } : {}) });
  const headers = { authorization: `Token ${ADMIN_KEY}`, 'content-type': 'application/json' };
  const user = (await (
    await fetch(`${service.url}/v2/users`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'bench', type: 'service' }),
    })
  ).json()) as { result: { id: string } };
  const expires = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const key = (await (
    await fetch(`${service.url}/v2/api_keys`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'bench', user_id: user.result.id, expires_at: expires }),
    })
  ).json()) as { result: { key: string } };
  process.send?.({ url: service.url, key: key.result.key });
  // Exit cleanly on SIGTERM so a --cpu-prof profile gets written.
  process.once('SIGTERM', () => void service.close().then(() => process.exit(0)));
}

async function serveNoop(): Promise<void> {
  answerCpu();
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 });
      res.end('{}');
    });
  });
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (address && typeof address === 'object') process.send?.({ url: `http://127.0.0.1:${address.port}` });
  });
}

interface Ready {
  readonly url: string;
  readonly key?: string;
}

function start(role: string, env: NodeJS.ProcessEnv = process.env): Promise<{ child: ChildProcess; ready: Ready }> {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const execArgv = ['--import', 'tsx', ...profile];
  const child = fork(import.meta.filename, [role], { execArgv, env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (ready) => resolve({ child, ready: ready as Ready }));
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code}`)));
  });
}

function cpuOf(child: ChildProcess): Promise<{ all: number; main: number }> {
  return new Promise((resolve) => {
    const onMessage = (m: unknown) => {
      if (typeof m === 'object' && m !== null && 'cpu' in m && 'main' in m) {
        child.off('message', onMessage);
        resolve({ all: Number(m.cpu), main: Number(m.main) });
      }
    };
    child.on('message', onMessage);
    child.send('cpu');
  });
}

interface Measured {
  readonly rate: number;
  /** Server CPU time per request in µs (all threads): less sensitive than req/s to other load on the machine. */
  readonly cpuPerRequest: number;
  /** The same for the main (JavaScript) thread only; NaN where /proc is missing. */
  readonly mainCpuPerRequest: number;
}

async function measure(
  title: string,
  child: ChildProcess,
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<Measured> {
  const opts = { url, method: 'POST' as const, body, headers, connections: CONNECTIONS, duration: DURATION_S };
  await autocannon({ ...opts, duration: 2 });
  const cpuBefore = await cpuOf(child);
  const result = await autocannon(opts);
  const cpuAfter = await cpuOf(child);
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${title}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  const total = result.requests.total;
  return {
    rate: result.requests.average,
    cpuPerRequest: (cpuAfter.all - cpuBefore.all) / total,
    mainCpuPerRequest: (cpuAfter.main - cpuBefore.main) / total,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function medianOf(runs: readonly Measured[]): Measured {
  return {
    rate: median(runs.map((r) => r.rate)),
    cpuPerRequest: median(runs.map((r) => r.cpuPerRequest)),
    mainCpuPerRequest: median(runs.map((r) => r.mainCpuPerRequest)),
  };
}

/**
 * Verify's own throughput, quiet and then while an attacker on other connections sends random 64-hex keys as
 * `Authorization: Token` (every one fails authentication), alternating; returns the median of attacked / quiet.
 */
async function underAttack(url: string, body: string, headers: Record<string, string>): Promise<number> {
  const ratios: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const opts = { url: `${url}/v2/api_keys/verify`, method: 'POST' as const, body, headers, connections: CONNECTIONS };
    const quiet = await autocannon({ ...opts, duration: DURATION_S });
    const attacker = autocannon({
      url: `${url}/v2/api_keys/verify`,
      method: 'POST',
      body,
      connections: CONNECTIONS,
      duration: DURATION_S,
      requests: [
        {
          setupRequest: (request: autocannon.Request) => ({
            ...request,
            headers: { 'content-type': 'application/json', authorization: `Token ${randomBytes(32).toString('hex')}` },
          }),
        },
      ],
    });
    const attacked = await autocannon({ ...opts, duration: DURATION_S });
    const attack = await attacker;
    console.log(
      `attack round ${i + 1}: verify quiet ${quiet.requests.average.toFixed(0)} req/s, under attack ` +
        `${attacked.requests.average.toFixed(0)} req/s (attacker sent ${attack.requests.average.toFixed(0)} req/s: ` +
        `${attack['2xx']} 2xx, ${attack.non2xx} refused)   ratio ${(attacked.requests.average / quiet.requests.average).toFixed(2)}`,
    );
    ratios.push(attacked.requests.average / quiet.requests.average);
  }
  return median(ratios);
}

/** ROUNDS alternating rounds of no-op then verify, each server measured by measure(). */
async function measureRounds(
  keyService: { child: ChildProcess; ready: Ready },
  noop: { child: ChildProcess; ready: Ready },
): Promise<Array<{ noop: Measured; verify: Measured }>> {
  const body = JSON.stringify({ key: keyService.ready.key });
  const headers = { authorization: `Token ${ADMIN_KEY}`, 'content-type': 'application/json' };
  const measured: Array<{ noop: Measured; verify: Measured }> = [];
  for (let i = 0; i < ROUNDS; i++) {
    const noopRun = await measure('no-op', noop.child, noop.ready.url, body, headers);
    const verifyUrl = `${keyService.ready.url}/v2/api_keys/verify`;
    measured.push({ noop: noopRun, verify: await measure('verify', keyService.child, verifyUrl, body, headers) });
  }
  return measured;
}

/** Rounds of no-op then verify against one key service; returns the median ratio verify / no-op. */
async function verifyRounds(
  label: string,
  keyService: { child: ChildProcess; ready: Ready },
  noop: { child: ChildProcess; ready: Ready },
): Promise<number> {
  const measured = await measureRounds(keyService, noop);
  const ratio = median(measured.map((r) => r.verify.rate / r.noop.rate));
  console.log(
    `${label}: verify / no-op per round ${measured.map((r) => (r.verify.rate / r.noop.rate).toFixed(2)).join(', ')}` +
      `   median ${ratio.toFixed(2)} (target >= 0.8)`,
  );
  return ratio;
}

async function main(): Promise<void> {
  const keyService = await start('serve-keyservice');
  const noop = await start('serve-noop');
  let pgRatio: number;
  let attackRatio: number;
  try {
    const body = JSON.stringify({ key: keyService.ready.key });
    const headers = { authorization: `Token ${ADMIN_KEY}`, 'content-type': 'application/json' };
    const probe = await fetch(`${keyService.ready.url}/v2/api_keys/verify`, { method: 'POST', body, headers });
    const answer = ((await probe.json()) as { result?: { code?: string } }).result?.code;
    if (answer !== 'VALID') throw new Error(`verify answered ${answer ?? probe.status}, expected VALID`);
    const rounds = await measureRounds(keyService, noop);
    const load = loadavg()[0]?.toFixed(1) ?? '?';
    console.log(
      `autocannon: ${CONNECTIONS} connections, ${ROUNDS} rounds of ${DURATION_S}s per server, each after a 2s warm-up; load average ${load} at the end`,
    );
    for (const [i, { noop: n, verify: v }] of rounds.entries()) {
      console.log(
        `round ${i + 1}: no-op ${n.rate.toFixed(0).padStart(6)} req/s ${n.cpuPerRequest.toFixed(1).padStart(5)} µs CPU (${n.mainCpuPerRequest.toFixed(1)} main)   verify ${v.rate.toFixed(0).padStart(6)} req/s ${v.cpuPerRequest.toFixed(1).padStart(5)} µs CPU (${v.mainCpuPerRequest.toFixed(1)} main)   ratio ${(v.rate / n.rate).toFixed(2)}`,
      );
    }
    const noopRun = medianOf(rounds.map((r) => r.noop));
    const verifyRun = medianOf(rounds.map((r) => r.verify));
    const ratio = median(rounds.map((r) => r.verify.rate / r.noop.rate));
    const cpuRatio = median(rounds.map((r) => r.noop.cpuPerRequest / r.verify.cpuPerRequest));
    console.log(`medians over ${ROUNDS} rounds:`);
    console.log(
      `no-op node:http server      ${noopRun.rate.toFixed(0).padStart(8)} req/s   ${noopRun.cpuPerRequest.toFixed(1).padStart(6)} µs server CPU per request (${noopRun.mainCpuPerRequest.toFixed(1)} on the main thread)`,
    );
    console.log(
      `POST /v2/api_keys/verify    ${verifyRun.rate.toFixed(0).padStart(8)} req/s   ${verifyRun.cpuPerRequest.toFixed(1).padStart(6)} µs server CPU per request (${verifyRun.mainCpuPerRequest.toFixed(1)} on the main thread)`,
    );
    console.log(
      `ratio verify / no-op        ${ratio.toFixed(2).padStart(8)}         (target >= 0.80; median of the per-round ratios)`,
    );
    console.log(
      `CPU ratio no-op / verify    ${cpuRatio.toFixed(2).padStart(8)}         (the same comparison by server CPU cost)`,
    );
    attackRatio = await underAttack(keyService.ready.url, body, headers);
    const database = await benchDatabaseUrl();
    const onPostgres = await start('serve-keyservice', {
      ...process.env,
      KEYWARD_BENCH_VERIFY_DATABASE_URL: database.url,
    });
    try {
      pgRatio = await verifyRounds(`PostgreSQL (${database.source})`, onPostgres, noop);
    } finally {
      onPostgres.child.kill('SIGTERM');
      await new Promise((resolve) => onPostgres.child.once('exit', resolve));
      await database.close();
    }
    console.log(
      `summary: verify / no-op on PGlite ${ratio.toFixed(2)}, on PostgreSQL ${pgRatio.toFixed(2)} (targets >= 0.8); ` +
        `under attack / quiet ${attackRatio.toFixed(2)} (target >= 0.5)`,
    );
  } finally {
    keyService.child.kill('SIGTERM');
    noop.child.kill('SIGTERM');
  }
}

const role = process.argv[2];
if (role === 'serve-keyservice') await serveKeyService();
else if (role === 'serve-noop') await serveNoop();
else await main();
