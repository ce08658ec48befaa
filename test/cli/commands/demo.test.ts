// `npm run demo` as a user runs it: a subprocess that must finish, show the rotation, and leak no secret.
// The secrets are read back with the real `age` binary and every value is searched for in the output.
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..', '..');

describe('keyward demo', () => {
  it('applies the demo manifests, rotates a key, and prints no secret', async () => {
    const env: Record<string, string | undefined> = { ...process.env, CI: 'true', NO_COLOR: '1' };
    delete env.DATABASE_URL;
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'demo'], {
      cwd: root,
      env,
      maxBuffer: 10 * 1024 * 1024,
    });
    const output = stdout + stderr;
    expect(output).toContain('Apply complete: 11 done, 0 failed, 0 skipped.');
    expect(output).toContain('+/- rotate key payments/payments-deployer/deploy → deploy#2');
    // Each plan is printed once: the reviewed plans are applied from their files, not planned and printed again.
    expect(output.split('keyward will perform the following actions').length - 1).toBe(3);
    expect(output.split('+ create key payments/payments-deployer/deploy (').length - 1).toBe(1);
    expect(output).toMatch(/\n {2}\+ payments\/payments-deployer\/deploy +created key [0-9a-f]{32} → vault-file\//);
    expect(output).toMatch(/~ disable key payments\/payments-deployer\/deploy \([0-9a-f]{32}\)/);
    expect(output).toContain('rotated payments-deployer/deploy to generation 2 and retired generation 1');
    const dir = /Remove everything with: rm -rf (\S+)/.exec(output)?.[1];
    expect(dir).toBeDefined();
    const demoDir = dir ?? '';
    try {
      const { stdout: plain } = await run('age', [
        '-d',
        '-i',
        join(demoDir, 'identity.txt'),
        join(demoDir, 'manifests', 'secrets.age'),
      ]);
      const secrets = JSON.parse(plain) as Record<string, { value: string; keyId: string }>;
      expect(Object.keys(secrets).sort()).toEqual([
        'BILLING_NIGHTLY_KEY',
        'METRICS_SCRAPER_KEY',
        'PAYMENTS_DEPLOY_KEY',
        'PAYMENTS_REPORTS_KEY',
        'PAYMENTS_SMOKE_TEST_KEY',
      ]);
      for (const { value, keyId } of Object.values(secrets)) {
        expect(value).toMatch(/^[0-9a-f]{64}$/);
        expect(value.startsWith(keyId)).toBe(true);
        expect(output).not.toContain(value);
        expect(output).not.toContain(value.slice(32));
      }
      expect(output).toContain(secrets.PAYMENTS_DEPLOY_KEY?.keyId);
    } finally {
      await rm(demoDir, { recursive: true, force: true });
    }
  }, 240_000); // the demo runs nine CLI commands and a key service; on a loaded shared machine that exceeds 60 s
});
