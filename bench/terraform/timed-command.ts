// Runs a command and reports its wall time and the CPU time of it and every process it started (Terraform's provider
// processes included), read from the POSIX shell's `times` once the command was reaped. Measures; asserts nothing.
import { spawn } from 'node:child_process';

export interface TimedResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallSeconds: number;
  /** User + system time of the command and its waited-for descendants. */
  readonly cpuSeconds: number;
}

export interface TimedOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const MARK = '--- keyward bench times ---';
// `times` prints the shell's own user/system times, then its children's: the command and all it reaped.
const SCRIPT = `"$@"; status=$?; echo '${MARK}' >&2; times >&2; exit $status`;

function childCpuSeconds(report: string): number {
  const fields = [...report.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  if (fields.length !== 4) throw new Error(`unexpected output of the shell's times: ${JSON.stringify(report)}`);
  return (fields[2] ?? 0) + (fields[3] ?? 0);
}

export function timedCommand(command: string, args: readonly string[], options: TimedOptions): Promise<TimedResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/bin/sh', ['-c', SCRIPT, 'sh', command, ...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallSeconds = (performance.now() - started) / 1000;
      const stderr = Buffer.concat(err).toString('utf8');
      const at = stderr.lastIndexOf(MARK);
      if (at < 0) return reject(new Error(`${command} ended without the shell's times:\n${stderr.slice(-2000)}`));
      resolve({
        code: code ?? -1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: stderr.slice(0, at),
        wallSeconds,
        cpuSeconds: childCpuSeconds(stderr.slice(at + MARK.length)),
      });
    });
  });
}
