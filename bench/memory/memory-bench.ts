// bench/memory: resident memory of an idle `keyward serve` (compiled CLI) on a fresh PGlite directory and on
// PostgreSQL, next to a no-op node:http server started the same way, in one run. Prints MB and ratios only.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { benchDatabaseUrl } from '../support/postgres.js';

const root = join(import.meta.dirname, '..', '..');
const SETTLE_MS = Number(process.env.KEYWARD_BENCH_SETTLE_MS ?? 3000);
const NOOP = `require('node:http').createServer((q, s) => s.end('{}')).listen(0, '127.0.0.1', function () {
  console.log('listening on http://127.0.0.1:' + this.address().port);
});`;

/** Resident set of a process in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const found = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!found) throw new Error(`no VmRSS for process ${pid}`);
  return Number(found[1]) / 1024;
}

/** Starts a server process, waits for its first `http://` line and its settling, and returns its RSS. */
async function idleRss(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child: ChildProcess = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (/http:\/\/127\.0\.0\.1:\d+/.test(output)) resolve();
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output.slice(-2000)}`)));
    });
    await delay(SETTLE_MS);
    if (child.pid === undefined) throw new Error('server has no pid');
    return rssMb(child.pid);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

async function main(): Promise<void> {
  const cli = join(root, 'lib', 'cli', 'main.js');
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };
  const noop = await idleRss(['-e', NOOP], env);
  const data = await mkdtemp(join(tmpdir(), 'keyward-bench-memory-'));
  try {
    const pglite = await idleRss([cli, 'serve', '--port', '0', '--data', join(data, 'pglite')], env);
    const database = await benchDatabaseUrl();
    const postgres = await idleRss([cli, 'serve', '--port', '0'], { ...env, DATABASE_URL: database.url }).finally(() =>
      database.close(),
    );
    console.log(`bench/memory: idle resident memory ${SETTLE_MS / 1000} s after start (compiled CLI), one run`);
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
    await rm(data, { recursive: true, force: true });
  }
}

await main();
