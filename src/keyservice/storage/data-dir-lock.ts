// One process per PGlite data directory: a lock file naming the holder (pid, host, start time), created atomically.
// Never takes a lock whose holder still runs; a lock left by a dead process on this host is taken over.
import { hostname } from 'node:os';
import { join } from 'node:path';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { userError } from '../../kernel/errors.js';

export const LOCK_FILE = 'keyward.lock';

interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

export interface DataDirLock {
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(path: string): Promise<Holder | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const h = JSON.parse(text) as Partial<Holder>;
    return typeof h.pid === 'number' && typeof h.host === 'string'
      ? { pid: h.pid, host: h.host, since: String(h.since) }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Locks `dir` for this process or throws a user error naming the holder. The lock is written to a private file and
 * hard-linked into place, so two starts never both succeed; a stale lock (dead pid, same host) is removed first.
 */
export async function lockDataDir(dir: string, clock: () => Date = () => new Date()): Promise<DataDirLock> {
  const path = join(dir, LOCK_FILE);
  const me: Holder = { pid: process.pid, host: hostname(), since: clock().toISOString() };
  const mine = join(dir, `${LOCK_FILE}.${process.pid}`);
  await writeFile(mine, `${JSON.stringify(me)}\n`, { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(mine, path);
        return { release: () => releaseIfMine(path, me) };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = await readHolder(path);
      if (holder !== undefined && (holder.host !== me.host || alive(holder.pid))) {
        const where = holder.host === me.host ? `pid ${holder.pid}` : `pid ${holder.pid} on host ${holder.host}`;
        throw userError(
          'keyservice.data-dir-locked',
          `the data directory ${dir} is in use by another keyward serve (${where}, ` +
            `since ${holder.since}); stop that one first, or give this one another --data directory. ` +
            `If no such process runs, delete ${path}`,
          { details: { pid: holder.pid, host: holder.host } },
        );
      }
      // The holder is gone (or the file is unreadable): take the lock over.
      await unlink(path).catch(() => undefined);
    }
    throw userError(
      'keyservice.data-dir-locked',
      `could not lock the data directory ${dir}: another process keeps taking ${path}`,
    );
  } finally {
    await unlink(mine).catch(() => undefined);
  }
}

async function releaseIfMine(path: string, me: Holder): Promise<void> {
  const holder = await readHolder(path);
  if (holder?.pid === me.pid && holder.host === me.host && holder.since === me.since)
    await unlink(path).catch(() => undefined);
}
