// Runs a command and reports its wall time and the CPU time of it and every process it started (Terraform's provider
// processes included), read from the POSIX shell's `times` once the command was reaped. Measures; asserts nothing.
import type { CliRun } from '../../test/support/cli-run.js';
import { runProcess, type ProcessOptions } from '../../test/support/run-process.js';

export interface TimedResult extends CliRun {
  readonly wallSeconds: number;
  /** User + system time of the command and its waited-for descendants. */
  readonly cpuSeconds: number;
}

export const TIMES_MARK = '--- keyward bench times ---';
// `times` prints the shell's own user/system times, then its children's: the command and all it reaped.
const SCRIPT = `"$@"; status=$?; echo '${TIMES_MARK}' >&2; times >&2; exit $status`;

/** The children's user + system seconds from one report of the shell's `times`. */
export function childCpuSeconds(report: string): number {
  const fields = [...report.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  if (fields.length !== 4) throw new Error(`unexpected output of the shell's times: ${JSON.stringify(report)}`);
  return (fields[2] ?? 0) + (fields[3] ?? 0);
}

export async function timedCommand(
  command: string,
  args: readonly string[],
  options: ProcessOptions,
): Promise<TimedResult> {
  const started = performance.now();
  const run = await runProcess('/bin/sh', ['-c', SCRIPT, 'sh', command, ...args], options);
  const wallSeconds = (performance.now() - started) / 1000;
  const at = run.stderr.lastIndexOf(TIMES_MARK);
  if (at < 0) throw new Error(`${command} ended without the shell's times:\n${run.stderr.slice(-2000)}`);
  return {
    ...run,
    stderr: run.stderr.slice(0, at),
    wallSeconds,
    cpuSeconds: childCpuSeconds(run.stderr.slice(at + TIMES_MARK.length)),
  };
}
