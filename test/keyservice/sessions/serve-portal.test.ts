// `keyward serve` as a subprocess: prints admin's one-time set-password link on first start, serves the portal
// directory at `/`, and the link, sign-in and session work against it. Stops on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'keyward.js');

describe('keyward serve with the portal (subprocess)', () => {
  let dir = '';
  afterAll(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('prints the first-run link for admin, serves the portal at /, and signs admin in', async () => {
    dir = await mkdtemp(join(tmpdir(), 'keyward-serve-portal-'));
    await mkdir(join(dir, 'portal'));
    await writeFile(join(dir, 'portal', 'index.html'), '<!doctype html><title>keyward portal</title>');
    const env = { ...process.env, DATABASE_URL: '', KEYWARD_BOOTSTRAP_KEY: '', KEYWARD_OIDC_ISSUER: '' };
    const child = spawn(
      process.execPath,
      [
        BIN,
        'serve',
        '--port',
        '0',
        '--data',
        join(dir, 'data'),
        '--portal-dir',
        'portal',
        '--session-idle-minutes',
        '5',
      ],
      { env, cwd: dir },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const m = /listening on (http:\/\/\S+)/.exec(stdout);
        if (m?.[1]) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    });
    try {
      const link = /set a password with this one-time link \(valid until (\S+)\):\n {2}(\S+)\n/.exec(stderr);
      expect(link?.[2]).toMatch(new RegExp(`^${url}/set-password#token=[A-Za-z0-9_-]{43}$`));
      const token = new URL(link?.[2] ?? '').hash.slice('#token='.length);

      const page = await fetch(`${url}/`);
      expect([page.status, await page.text()]).toEqual([200, '<!doctype html><title>keyward portal</title>']);
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");

      const headers = { origin: url, 'content-type': 'application/json' };
      const set = await fetch(`${url}/auth/v1/set_password`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ token, password: 'a long first password' }),
      });
      expect(set.status).toBe(200);
      const signIn = await fetch(`${url}/auth/v1/sign_in`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ login: 'admin', password: 'a long first password' }),
      });
      const session = (await signIn.json()) as { result: { idle_expires_at: string; created_at: string } };
      expect(signIn.status).toBe(200);
      expect(Date.parse(session.result.idle_expires_at) - Date.parse(session.result.created_at)).toBe(5 * 60_000);
      expect(stdout + stderr).not.toContain('a long first password');
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    // A subprocess start (tsx, PGlite, argon2) on a loaded machine: a generous bound, not a timing assertion.
  }, 180_000);
});
