// Expands the `manifests` input's glob patterns (`*`, `**`, `?`, `{a,b}`) under the working directory into files.
// Never leaves the working directory and never follows symbolic links; no match is a clear user error.
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { userError } from '../kernel/errors.js';

/** A glob as a regular expression over `/`-separated relative paths. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? '';
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:[^/]+/)*' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) throw userError('action.input', `input manifests: "${glob}" has an unclosed {`);
      out += `(?:${glob
        .slice(i + 1, end)
        .split(',')
        .map(escape)
        .join('|')})`;
      i = end;
    } else out += escape(c);
  }
  return new RegExp(`^${out}$`);
}

function escape(text: string): string {
  return text.replace(/[.+^$()|[\]\\*?{}]/g, '\\$&');
}

async function walk(root: string, dir: string, out: string[]): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === '.git' || entry.name === 'node_modules') continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) await walk(root, full, out);
    else if (entry.isFile()) out.push(relative(root, full).split(sep).join('/'));
  }
}

/** Relative file paths matching any pattern, sorted; throws naming the patterns when nothing matches. */
export async function expandManifests(patterns: readonly string[], cwd: string): Promise<string[]> {
  const files: string[] = [];
  await walk(cwd, cwd, files);
  const regexes = patterns.map((p) => globToRegExp(p.replace(/^\.\//, '')));
  const matched = files.filter((file) => regexes.some((r) => r.test(file))).sort();
  if (matched.length === 0)
    throw userError(
      'action.manifests',
      `no manifest files match ${patterns.map((p) => `"${p}"`).join(', ')} in ${cwd}`,
    );
  return matched;
}
