// Crash-safe replacement of a file: temp file in the same directory, fsync, rename over the target, fsync the
// directory.
// Readers see the old file or the new one, never a torn one; only a killed process leaves a temp file behind.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export type AtomicStep = 'temp-written' | 'renamed';

/** The temp files writeFileAtomic makes for `path`: `.<name>.<pid>.<random>.tmp`, so a dead writer's can be found. */
export function tempFilePattern(path: string): RegExp {
  const escaped = basename(path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\.${escaped}\\.([0-9]+)\\.[0-9a-f]+\\.tmp$`);
}

/**
 * Writes `data` to `path` atomically with the given mode (default 0600, owner-only); `onStep` is told when the temp
 * file is complete and when it has been renamed into place (the kill points of a write).
 */
export async function writeFileAtomic(
  path: string,
  data: Uint8Array,
  mode = 0o600,
  onStep: (step: AtomicStep) => void = () => undefined,
): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', mode);
  let renamed = false;
  try {
    try {
      await handle.chmod(mode); // the umask may have narrowed it further; make it exact
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    onStep('temp-written');
    await rename(temp, path);
    renamed = true;
    await syncDirectory(dir);
    onStep('renamed');
  } finally {
    if (!renamed) await unlink(temp).catch(() => undefined);
  }
}

/** Makes a rename durable: fsync the directory entry (a no-op where directories cannot be opened). */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on directories (EINVAL/EISDIR); the rename itself has happened.
  } finally {
    await handle.close();
  }
}
