// `keyward --help | head -1` and the like: a reader that closes the pipe early must not crash keyward with an
// unhandled EPIPE and a stack trace. Runs the real entry point as a subprocess whose stdout is closed at once.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const main = join(import.meta.dirname, '..', '..', '..', 'src', 'cli', 'main.ts');

function withClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), main, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH },
  });
  // Closed before the child has loaded, so its first write meets a pipe nobody reads (EPIPE).
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

describe('a closed stdout', () => {
  it('--help stops quietly with exit 0', async () => {
    const run = await withClosedStdout(['--help']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  }, 60_000);

  it('a failing command still reports on stderr and exits 1', async () => {
    const run = await withClosedStdout(['validate', 'no-such-manifest.yaml']);
    expect(run.stderr).toBe(
      'Error: 1 problem in the manifests:\nno-such-manifest.yaml:1:1: no such file or directory\n',
    );
    expect(run.code).toBe(1);
  }, 60_000);
});
