// Runs the keyward CLI in-process with captured output, so tests check exit codes and every byte printed.
import { PassThrough, Writable } from 'node:stream';
import { runCli } from '../../src/cli/program.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function capture(): { stream: Writable & { isTTY?: boolean }; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** Runs `keyward <args>` with no terminal (like CI) in `cwd` with exactly `env`. */
export async function runKeyward(
  args: readonly string[],
  options: { cwd: string; env: Record<string, string | undefined>; stdin?: string },
): Promise<CliRun> {
  const out = capture();
  const err = capture();
  const stdin = new PassThrough();
  stdin.end(options.stdin ?? '');
  const code = await runCli(args, {
    stdout: out.stream,
    stderr: err.stream,
    stdin,
    env: options.env,
    cwd: options.cwd,
  });
  return { code, stdout: out.text(), stderr: err.text() };
}
