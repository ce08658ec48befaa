// A server as a process of its own, started the way users start it: the compiled `keyward serve`, or a no-op
// node:http server for comparison. The bench reads its memory and CPU time from /proc (Linux) without touching it.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

const root = join(import.meta.dirname, '..', '..');

/** The compiled CLI the benches run: KEYWARD_BENCH_CLI (e.g. another build to compare with), else lib/cli/main.js. */
export const BENCH_CLI = process.env.KEYWARD_BENCH_CLI ?? join(root, 'lib', 'cli', 'main.js');

/** A no-op server: reads the request, answers `{}`; prints its URL the way `keyward serve` does. */
export const NOOP_SERVER = `require('node:http').createServer((q, s) => {
  q.resume();
  q.on('end', () => s.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 }).end('{}'));
}).listen(0, '127.0.0.1', function () {
  console.log('listening on http://127.0.0.1:' + this.address().port);
});`;

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** Everything it wrote to stdout and stderr so far (its request log included). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `node <args>` with its output going to `logFile` (a file, as a service's log usually goes: a pipe the bench
 * did not read in time would stall the server) and resolves once it printed `listening on http://…`.
 */
export async function startServer(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
): Promise<ServerProcess> {
  const fd = openSync(logFile, 'w');
  const child: ChildProcess = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const output = () => readFileSync(logFile, 'utf8');
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  const stop = async () => {
    if (exited !== undefined) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await gone;
  };
  for (let waited = 0; ; waited += 50) {
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output())?.[1];
    if (url !== undefined && child.pid !== undefined) return { url, pid: child.pid, output, stop };
    if (exited !== undefined) throw new Error(`server exited with ${exited}:\n${output().slice(-2000)}`);
    if (waited > 120_000) {
      await stop();
      throw new Error(`server did not start within 120 s:\n${output().slice(-2000)}`);
    }
    await delay(50);
  }
}

/** Resident set of a process in MB, from /proc. */
export function rssMb(pid: number): number {
  const found = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!found) throw new Error(`no VmRSS for process ${pid}`);
  return Number(found[1]) / 1024;
}

/** CPU time (user + system) in µs of a whole process, and of its main (JavaScript) thread alone, from /proc. */
export function cpuMicros(pid: number): { readonly all: number; readonly main: number } {
  const ticks = (path: string) => {
    // Fields after the `(name)`: state is the 1st, utime the 12th, stime the 13th; the kernel counts 100 per second.
    const fields = readFileSync(path, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  };
  return { all: ticks(`/proc/${pid}/stat`), main: ticks(`/proc/${pid}/task/${pid}/stat`) };
}
