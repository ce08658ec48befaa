// Real processes for end-to-end tests: the keyward CLI bundled once with esbuild (a process starts in a fraction of
// tsx's time), `keyward serve` on PGlite as a child, and a runner reporting exit code, signal and every byte printed.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');

export interface ProcessResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program to its end with exactly `env`; never rejects for a non-zero exit or a signal. */
export function runProcess(
  argv: readonly string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<ProcessResult> {
  return new Promise((done, fail) => {
    const [program, ...args] = argv;
    const child = spawn(program ?? '', args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', fail);
    child.on('close', (code, signal) =>
      done({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}

export interface CliBundle {
  /** argv that runs `keyward <args>`. */
  argv(args: readonly string[]): string[];
  remove(): Promise<void>;
}

/**
 * Bundles src/cli/main.ts (dependencies stay in node_modules). The bundle sits three levels below the checkout, like
 * src/core/manifest/schema.ts, so the manifest schema it loads by relative URL is the checkout's.
 */
export async function bundleCli(): Promise<CliBundle> {
  const dir = join(REPO_ROOT, 'node_modules', '.cache', `keyward-e2e-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(dir, { recursive: true });
  const outfile = join(dir, 'keyward.mjs');
  await build({
    entryPoints: [join(REPO_ROOT, 'src', 'cli', 'main.ts')],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
  });
  return {
    argv: (args) => [process.execPath, outfile, ...args],
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface ServeProcess {
  readonly url: string;
  readonly adminKey: string;
  /** Everything serve printed, for the no-secret checks. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `keyward serve --port 0` on a fresh PGlite directory (through tsx, once) with a known bootstrap admin key. */
export async function startServe(): Promise<ServeProcess> {
  const data = await mkdtemp(join(tmpdir(), 'keyward-e2e-serve-'));
  const adminKey = randomBytes(32).toString('hex');
  const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: data, KEYWARD_BOOTSTRAP_KEY: adminKey };
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(REPO_ROOT, 'src', 'cli', 'main.ts'),
      'serve',
      '--port',
      '0',
      '--data',
      join(data, 'pglite'),
    ],
    {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  const exited = new Promise<void>((done) => child.on('close', () => done()));
  const url = await new Promise<string>((done, fail) => {
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(text);
      if (match?.[1]) done(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code) => fail(new Error(`keyward serve exited (${code}) before listening:\n${text}`)));
  });
  return {
    url,
    adminKey,
    output: () => text,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await rm(data, { recursive: true, force: true });
    },
  };
}
