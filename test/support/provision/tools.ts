// The command-line tools the tests run for real: age, chromium and mingw-w64's gcc (installed from Debian when missing
// and this is root with apt-get), terraform (must be on PATH). Never installs anything as a non-root user or from
// elsewhere.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ProvisionError } from './provision-error.js';

export interface Tool {
  /** The command the tests run. */
  readonly command: string;
  /** Also accepted when not on PATH (Debian's chromium is /usr/bin/chromium). */
  readonly paths?: readonly string[];
  /** The Debian package that provides it; undefined when Debian has none. */
  readonly debian?: string;
  /** How a person installs it, for the one-line message. */
  readonly howTo: string;
  /** Which tests need it, for the one-line message. */
  readonly neededBy: string;
}

export const TOOLS: readonly Tool[] = [
  {
    command: 'age',
    debian: 'age',
    neededBy: 'the file store tests',
    howTo: '`apt-get install age` (Debian/Ubuntu) or `brew install age`',
  },
  {
    command: 'chromium',
    paths: ['/usr/bin/chromium'],
    debian: 'chromium',
    neededBy: 'the portal browser tests',
    howTo: '`apt-get install chromium` (Debian), or set KEYWARD_TEST_CHROMIUM to a Chromium or Chrome binary',
  },
  {
    command: 'x86_64-w64-mingw32-gcc',
    debian: 'gcc-mingw-w64-x86-64-win32',
    neededBy: "the test that rebuilds the provider's Windows launcher from its source",
    howTo: '`apt-get install gcc-mingw-w64-x86-64-win32` (Debian/Ubuntu) or `brew install mingw-w64`',
  },
  {
    command: 'terraform',
    neededBy: 'the Terraform provider tests',
    howTo: 'the release from https://developer.hashicorp.com/terraform/install (Terraform >= 1.5) and put it on PATH',
  },
];

/** The absolute path of `command` on PATH (or one of `paths`), or undefined. */
export function which(tool: Pick<Tool, 'command' | 'paths'>, path = process.env['PATH'] ?? ''): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, tool.command);
    if (existsSync(candidate)) return candidate;
  }
  return tool.paths?.find((p) => existsSync(p));
}

export interface InstallHost {
  readonly isRoot: boolean;
  readonly hasAptGet: boolean;
  /** Runs apt-get with these arguments; returns the exit status and the last line it wrote to stderr. */
  aptGet(args: readonly string[]): { status: number; lastLine: string };
  log(line: string): void;
}

export function systemHost(): InstallHost {
  return {
    isRoot: process.getuid?.() === 0,
    hasAptGet: which({ command: 'apt-get' }) !== undefined,
    aptGet(args) {
      const r = spawnSync('apt-get', ['-qq', ...args], {
        encoding: 'utf8',
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
      return { status: r.status ?? 1, lastLine: (r.stderr ?? '').trim().split('\n').pop() ?? '' };
    },
    log: (line) => process.stderr.write(`${line}\n`),
  };
}

const missingLine = (tool: Tool, extra = ''): string =>
  `\`${tool.command}\` (needed by ${tool.neededBy}) is not on PATH${extra}: install it with ${tool.howTo}`;

/**
 * Makes sure every tool is there: installs the missing Debian ones in one apt-get run (update first) when root,
 * otherwise throws one line naming the first missing tool and how to install it. Returns each tool's path.
 */
export function ensureTools(tools: readonly Tool[], host: InstallHost, path?: string): Map<string, string> {
  const found = new Map<string, string>();
  const missing: Tool[] = [];
  for (const tool of tools) {
    const at = which(tool, path);
    if (at) found.set(tool.command, at);
    else missing.push(tool);
  }
  if (missing.length === 0) return found;
  const installable = missing.filter((t) => t.debian !== undefined);
  // A tool no registry has stops the run before anything is installed.
  const first = missing.find((t) => t.debian === undefined) ?? missing[0];
  if (first === undefined) return found;
  if (installable.length < missing.length || !host.isRoot || !host.hasAptGet) {
    const why =
      first.debian === undefined ? '' : !host.hasAptGet ? ' (no apt-get here)' : ' (not root, so not installing it)';
    throw new ProvisionError(missingLine(first, why));
  }
  const packages = installable.map((t) => t.debian as string);
  host.log(`keyward tests: installing ${packages.join(', ')} from Debian (apt-get update, apt-get install)`);
  const update = host.aptGet(['update']);
  if (update.status !== 0)
    throw new ProvisionError(`${missingLine(installable[0] as Tool)} (apt-get update failed: ${update.lastLine})`);
  const install = host.aptGet(['install', '-y', '--no-install-recommends', ...packages]);
  if (install.status !== 0)
    throw new ProvisionError(`${missingLine(installable[0] as Tool)} (apt-get install failed: ${install.lastLine})`);
  for (const tool of missing) {
    const at = which(tool, path);
    if (!at) throw new ProvisionError(missingLine(tool, tool.debian ? ' even after apt-get install' : ''));
    found.set(tool.command, at);
  }
  return found;
}
