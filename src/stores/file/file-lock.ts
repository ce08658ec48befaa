// A lock file (`<path>.lock`, created exclusively, holding the owner's pid and start time) serialising writers across
// processes. It never steals a lock from a live process; a lock left by a killed process is removed and retaken.
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { userError } from '../../kernel/errors.js';
import type { Sleep } from '../../kernel/retry.js';

export interface LockOptions {
  readonly sleep: Sleep;
  /** How many times to wait before giving up; default 400 (about 10 s at the default poll). */
  readonly attempts?: number;
  /** Poll interval in ms; default 25. */
  readonly pollMs?: number;
}

/** A lock file with no owner written in it this long after its creation was left by a writer killed in between. */
const UNOWNED_STALE_MS = 5_000;

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** When `pid` started, in clock ticks since boot (Linux /proc); null where it cannot be read. */
export async function processStart(pid: number): Promise<string | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime) counts from the end of the command name, which may itself hold spaces or parentheses.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

interface Owner {
  readonly pid: number;
  readonly start: string | null;
}

async function ownerOf(lockPath: string): Promise<Owner | null> {
  try {
    const [pidText, start] = (await readFile(lockPath, 'utf8')).trim().split(/\s+/);
    const pid = Number.parseInt(pidText ?? '', 10);
    return Number.isInteger(pid) && pid > 0 ? { pid, start: start || null } : null;
  } catch {
    return null;
  }
}

/** True when the lock's owner is gone: dead, its pid reused by a later process, or never written and long ago. */
export async function isStale(lockPath: string, now: () => number = Date.now): Promise<boolean> {
  const owner = await ownerOf(lockPath);
  if (owner === null) {
    const made = await stat(lockPath).then(
      (s) => s.mtimeMs,
      () => null,
    );
    return made !== null && now() - made > UNOWNED_STALE_MS;
  }
  if (!isAlive(owner.pid)) return true;
  if (owner.start === null) return false;
  const start = await processStart(owner.pid);
  return start !== null && start !== owner.start;
}

/** Runs `work` while holding the lock file; always releases it. */
export async function withFileLock<T>(lockPath: string, options: LockOptions, work: () => Promise<T>): Promise<T> {
  const attempts = options.attempts ?? 400;
  const pollMs = options.pollMs ?? 25;
  const me = `${process.pid} ${(await processStart(process.pid)) ?? ''}`.trim();
  for (let attempt = 1; ; attempt += 1) {
    let handle;
    try {
      handle = await open(lockPath, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // Two writers finding the same dead owner at once could both remove the lock; the window is one unlink wide
      // and needs a crashed writer first, so keyward accepts it rather than add a second lock.
      if (await isStale(lockPath)) {
        await unlink(lockPath).catch(() => undefined);
        continue;
      }
      if (attempt >= attempts) {
        const owner = await ownerOf(lockPath);
        throw userError(
          'store.file.locked',
          `${lockPath} is held by ${owner === null ? 'another writer' : `process ${owner.pid}`}; if no keyward is running, remove the lock file`,
        );
      }
      await options.sleep(pollMs);
      continue;
    }
    try {
      await handle.writeFile(`${me}\n`);
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
