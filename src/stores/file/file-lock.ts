// A lock file (`<path>.lock`, created exclusively, holding the owner's pid) serialising writers across processes.
// It never steals a lock from a live process; a lock left by a dead process on this host is removed and retaken.
import { open, readFile, unlink } from 'node:fs/promises';
import { userError } from '../../kernel/errors.js';
import type { Sleep } from '../retry.js';

export interface LockOptions {
  readonly sleep: Sleep;
  /** How many times to wait before giving up; default 400 (about 10 s at the default poll). */
  readonly attempts?: number;
  /** Poll interval in ms; default 25. */
  readonly pollMs?: number;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function ownerPid(lockPath: string): Promise<number | null> {
  try {
    const pid = Number.parseInt((await readFile(lockPath, 'utf8')).trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Runs `work` while holding the lock file; always releases it. */
export async function withFileLock<T>(lockPath: string, options: LockOptions, work: () => Promise<T>): Promise<T> {
  const attempts = options.attempts ?? 400;
  const pollMs = options.pollMs ?? 25;
  for (let attempt = 1; ; attempt += 1) {
    let handle;
    try {
      handle = await open(lockPath, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = await ownerPid(lockPath);
      // Two writers finding the same dead owner at once could both remove the lock; the window is one unlink wide
      // and needs a crashed writer first, so keyward accepts it rather than add a second lock.
      if (pid !== null && !isAlive(pid)) {
        await unlink(lockPath).catch(() => undefined);
        continue;
      }
      if (attempt >= attempts) {
        throw userError(
          'store.file.locked',
          `${lockPath} is held by ${pid === null ? 'another writer' : `process ${pid}`}; if no keyward is running, remove the lock file`,
        );
      }
      await options.sleep(pollMs);
      continue;
    }
    try {
      await handle.writeFile(`${process.pid}\n`);
    } finally {
      await handle.close();
    }
    try {
      return await work();
    } finally {
      await unlink(lockPath).catch(() => undefined);
    }
  }
}
