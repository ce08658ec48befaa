// `keyward serve` as a real subprocess: starts on a PGlite data directory, answers /healthz and the API, stops on
// SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'keyward.js');

function waitFor(child: ChildProcess, output: () => string, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = output().match(pattern);
      if (m) {
        child.stdout?.off('data', check);
        resolve(m);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => reject(new Error(`keyward serve exited early with ${code}: ${output()}`)));
    check();
  });
}

describe('keyward serve (subprocess)', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('generates and prints a bootstrap key once, serves /healthz and the API, and stops on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-serve-'));
    dirs.push(dir);
    const env = { ...process.env, DATABASE_URL: '', KEYWARD_BOOTSTRAP_KEY: '' };
    const child = spawn(
      process.execPath,
      [BIN, 'serve', '--port', '0', '--data', join(dir, 'data'), '--policy', 'constellix'],
      { env, cwd: dir },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const [, url] = await waitFor(
      child,
      () => stdout,
      /listening on (http:\/\/[^\s]+) \(storage: PGlite in .*policy: constellix\)/,
    );
    const key = /WARNING: .*\n.*\n {2}([0-9a-f]{64})\n/.exec(stderr)?.[1];
    expect(key).toMatch(/^[0-9a-f]{64}$/);

    const health = await fetch(`${url}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    const me = await fetch(`${url}/v2/current_user`, { headers: { authorization: `Token ${key}` } });
    expect(((await me.json()) as { result: { name: string } }).result.name).toBe('admin');

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toContain('SIGTERM received');
    expect(stdout).not.toContain(key as string);
    expect(stderr.split(key as string).length).toBe(2);
  });
});
