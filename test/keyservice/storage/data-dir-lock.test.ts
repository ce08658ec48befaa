// One key service per PGlite data directory: a second start refuses naming the holder; a dead holder's lock is taken.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startKeyService } from '../../../src/keyservice/server.js';
import { LOCK_FILE } from '../../../src/keyservice/storage/data-dir-lock.js';

const ADMIN = 'ab'.repeat(32);

describe('PGlite data directory lock', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('refuses a second server on the same directory, naming the holder, and frees it on close', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'keyward-lock-')), 'data');
    dirs.push(dir);
    const first = await startKeyService({ dataDir: dir, bootstrapKey: ADMIN });
    try {
      const holder = JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')) as { pid: number };
      expect(holder.pid).toBe(process.pid);
      const second = await startKeyService({ dataDir: dir, bootstrapKey: ADMIN }).then(
        () => 'started',
        (err: Error) => err,
      );
      expect(second).toBeInstanceOf(Error);
      expect((second as Error).message).toContain(`is in use by another keyward serve (pid ${process.pid}`);
      expect((second as Error).message).toContain('opening the PGlite data directory');
    } finally {
      await first.close();
    }
    const again = await startKeyService({ dataDir: dir, bootstrapKey: ADMIN });
    await again.close();
  });

  it('takes over the lock of a process that no longer runs', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'keyward-lock-')), 'data');
    dirs.push(dir);
    const first = await startKeyService({ dataDir: dir, bootstrapKey: ADMIN });
    await first.close();
    // A real pid that has exited: a child that ran and finished.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    expect(deadPid).toBeGreaterThan(0);
    await writeFile(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid: deadPid, host: hostname(), since: '2026-01-01T00:00:00.000Z' }),
    );
    const service = await startKeyService({ dataDir: dir, bootstrapKey: ADMIN });
    try {
      const holder = JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')) as { pid: number };
      expect(holder.pid).toBe(process.pid);
      expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    } finally {
      await service.close();
    }
  });
});
