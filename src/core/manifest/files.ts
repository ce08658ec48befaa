// Finds manifest files: each argument is a file, or a directory searched recursively for *.yaml / *.yml.
// Sorted and de-duplicated for determinism; never follows directory symlinks (no loops) and skips dot-dirs and
// node_modules.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ManifestProblem } from './problems.js';

interface ManifestFile {
  /** Absolute path, for reading. */
  readonly absolute: string;
  /** The path to show and to record in the model: relative to cwd when under it, else absolute. */
  readonly display: string;
}

export interface FoundFiles {
  readonly files: ManifestFile[];
  readonly problems: ManifestProblem[];
}

const MANIFEST_EXTENSION = /\.ya?ml$/i;

/** The display form of an absolute path: relative to cwd (with `/` separators) when inside it. */
function displayPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative))
    return relative.split(path.sep).join('/');
  return absolute;
}

export async function findManifestFiles(paths: readonly string[], cwd: string): Promise<FoundFiles> {
  const problems: ManifestProblem[] = [];
  const found = new Map<string, ManifestFile>();
  if (paths.length === 0) {
    problems.push(fileProblem('(arguments)', 'no manifest files or directories were given'));
  }
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const info = await stat(absolute).catch((err: NodeJS.ErrnoException) => err);
    if (info instanceof Error) {
      const reason = info.code === 'ENOENT' ? 'no such file or directory' : `cannot be read (${info.code ?? 'error'})`;
      problems.push(fileProblem(given, reason));
    } else if (info.isDirectory()) {
      const unreadable: Unreadable[] = [];
      const inDir = await walk(absolute, unreadable);
      for (const { dir, code } of unreadable) {
        problems.push(
          fileProblem(
            displayPath(dir, cwd),
            `directory cannot be read (${code})${code === 'EACCES' ? ': permission denied' : ''}`,
          ),
        );
      }
      if (inDir.length === 0 && unreadable.length === 0)
        problems.push(fileProblem(given, 'directory holds no *.yaml or *.yml files'));
      for (const file of inDir) found.set(file, { absolute: file, display: displayPath(file, cwd) });
    } else if (info.isFile()) {
      found.set(absolute, { absolute, display: displayPath(absolute, cwd) });
    } else {
      problems.push(fileProblem(given, 'is neither a file nor a directory'));
    }
  }
  const files = [...found.values()].sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  return { files, problems };
}

interface Unreadable {
  readonly dir: string;
  readonly code: string;
}

/** Manifest files under dir; a directory that cannot be listed is recorded in `unreadable`, not thrown. */
async function walk(dir: string, unreadable: Unreadable[]): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    unreadable.push({ dir, code: err.code ?? 'error' });
    return [];
  });
  const out: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') out.push(...(await walk(full, unreadable)));
    } else if (
      MANIFEST_EXTENSION.test(entry.name) &&
      (entry.isFile() || (entry.isSymbolicLink() && (await isFile(full))))
    ) {
      out.push(full);
    }
  }
  return out;
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

function fileProblem(file: string, message: string): ManifestProblem {
  return { file, line: 1, column: 1, path: '', message };
}
