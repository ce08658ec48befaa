// bench/memory: resident memory of an idle `keyward serve` (compiled CLI) on a fresh PGlite directory and on
// PostgreSQL, next to a no-op node:http server started the same way, in one run. Prints MB and ratios only.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { benchDatabaseUrl } from '../support/postgres.js';
import { BENCH_CLI, NOOP_SERVER, rssMb, startServer } from '../support/serve-process.js';

const SETTLE_MS = Number(process.env.KEYWARD_BENCH_SETTLE_MS ?? 3000);

/** Starts a server process, waits for it to listen and settle, and returns its RSS. */
async function idleRss(args: readonly string[], env: NodeJS.ProcessEnv, logFile: string): Promise<number> {
  const server = await startServer(args, env, logFile);
  try {
    await delay(SETTLE_MS);
    return rssMb(server.pid);
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };
  const dir = await mkdtemp(join(tmpdir(), 'keyward-bench-memory-'));
  try {
    const noop = await idleRss(['-e', NOOP_SERVER], env, join(dir, 'noop.log'));
    const pgliteArgs = [BENCH_CLI, 'serve', '--port', '0', '--data', join(dir, 'pglite')];
    const pglite = await idleRss(pgliteArgs, env, join(dir, 'pglite.log'));
    const database = await benchDatabaseUrl();
    const postgres = await idleRss(
      [BENCH_CLI, 'serve', '--port', '0'],
      { ...env, DATABASE_URL: database.url },
      join(dir, 'postgres.log'),
    ).finally(() => database.close());
    console.log(`bench/memory: idle resident memory ${SETTLE_MS / 1000} s after start (${BENCH_CLI}), one run`);
    console.log(`  no-op node:http server        ${noop.toFixed(0).padStart(5)} MB`);
    console.log(
      `  keyward serve, fresh PGlite   ${pglite.toFixed(0).padStart(5)} MB   ${(pglite / noop).toFixed(1)}x ` +
        '(target < 150 MB)',
    );
    console.log(
      `  keyward serve, PostgreSQL     ${postgres.toFixed(0).padStart(5)} MB   ${(postgres / noop).toFixed(1)}x ` +
        `(target < 100 MB; ${database.source})`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
