// Helpers the benchmarks share: a server started in a child process of the bench file itself (so its CPU and memory
// are its own), and the median used to summarise alternating rounds.
import { fork, type ChildProcess } from 'node:child_process';

/** Forks `file` with `role` as its argument (through tsx) and resolves with the first message it sends. */
export function startChild<T>(
  file: string,
  role: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ child: ChildProcess; ready: T }> {
  const child = fork(file, [role], {
    execArgv: ['--import', 'tsx'],
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (ready) => resolve({ child, ready: ready as T }));
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code}`)));
  });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
